package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MovableClock;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The handler over the sample groups on moto, at a fixed time, with the sample events from events/. */
class ListGroupsHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z"); // Wednesday 13:00 in Denver
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    /** A deployment's stack id: the namespace of the HSDS feed's ids in these tests (and events/hsds-service.json). */
    static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/peer-support/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";
    static final String GROUP_PAGE_URL = "https://www.example.org/groups/{groupId}";
    /** The sample groups and closures on moto, written once per JVM. */
    private static LocalDeployment sampleDeployment;

    private final ListGroupsHandler handler = handler(NOW);

    static ListGroupsHandler handler(Instant now) {
        return handler(Clock.fixed(now, ZoneOffset.UTC));
    }

    static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + file);
    }

    static APIGatewayV2HTTPEvent listWith(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = event("list-groups.json");
        event.setQueryStringParameters(new HashMap<>(query));
        return event;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(APIGatewayV2HTTPResponse response) {
        return (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("groups");
    }

    static List<String> ids(APIGatewayV2HTTPResponse response) {
        return groups(response).stream().map(g -> (String) g.get("id")).toList();
    }

    @Test
    void list_showsEveryGroupButTheArchivedOne_soonestFirst() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("list-groups.json"), null);
        assertEquals(200, response.getStatusCode());
        // Thanksgiving (a closure) moves the Thursday group to Dec 3; the lunchtime group's
        // Wednesday meeting ended at 13:00, exactly now.
        assertEquals(List.of("peer-family-circle-last-friday", "conexion-sabado-hibrido", "connection-lunch-online",
                "connection-tue-downtown", "familia-a-familia-miercoles", "young-adults-thu-eastside",
                "family-support-thu-online"), ids(response));
        assertEquals("application/json; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void list_showsTheContractsFieldsWithTheNextFourMeetings() {
        Map<String, Object> group = groups(ApiCalls.handle(handler, event("list-groups.json"), null)).stream()
                .filter(g -> g.get("id").equals("connection-tue-downtown")).findFirst().orElseThrow();
        assertEquals(Set.of("id", "name", "program", "audience", "description", "languages", "format", "area",
                "accessibility", "schedule", "nextMeetings", "status", "updatedAt", "lastVerified",
                "requiresEmergencyContact"), group.keySet());
        assertEquals(List.of(
                Map.of("start", "2026-12-01T18:30:00-07:00", "end", "2026-12-01T20:00:00-07:00"),
                Map.of("start", "2026-12-08T18:30:00-07:00", "end", "2026-12-08T20:00:00-07:00"),
                Map.of("start", "2026-12-15T18:30:00-07:00", "end", "2026-12-15T20:00:00-07:00"),
                // Dec 22 and 29 are the group's exdates
                Map.of("start", "2027-01-05T18:30:00-07:00", "end", "2027-01-05T20:00:00-07:00")),
                group.get("nextMeetings"));
        assertEquals(Map.of("timezone", "America/Denver", "rrule", "FREQ=WEEKLY;BYDAY=TU", "startDate", "2026-01-06",
                "startTime", "18:30", "durationMinutes", 90L, "exdates", List.of("2026-12-22", "2026-12-29")),
                group.get("schedule"));
        assertEquals("2026-11-20T17:02:11Z", group.get("updatedAt"));
        assertEquals("2026-11-02", group.get("lastVerified"));
        assertEquals(false, group.get("requiresEmergencyContact"));
    }

    @Test
    void list_showsWhetherAGroupAsksForAnEmergencyContact_beforeAnyoneSignsUp() {
        Map<String, Object> circle = groups(ApiCalls.handle(handler, event("list-groups.json"), null)).stream()
                .filter(g -> g.get("id").equals("peer-family-circle-last-friday")).findFirst().orElseThrow();
        assertEquals(true, circle.get("requiresEmergencyContact"));
        assertEquals("2026-07-20", circle.get("lastVerified"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "audience=self       | peer-family-circle-last-friday conexion-sabado-hibrido connection-lunch-online connection-tue-downtown young-adults-thu-eastside",
        "audience=family     | peer-family-circle-last-friday familia-a-familia-miercoles family-support-thu-online",
        "audience=both       | peer-family-circle-last-friday",
        "format=online       | conexion-sabado-hibrido connection-lunch-online family-support-thu-online",
        "format=in_person    | peer-family-circle-last-friday conexion-sabado-hibrido connection-tue-downtown familia-a-familia-miercoles young-adults-thu-eastside",
        "format=hybrid       | conexion-sabado-hibrido",
        "language=es         | conexion-sabado-hibrido familia-a-familia-miercoles",
        "language=fr         | ''",
        "day=TH              | young-adults-thu-eastside family-support-thu-online",
        "day=we,SA           | conexion-sabado-hibrido connection-lunch-online familia-a-familia-miercoles",
        "area=EASTSIDE       | familia-a-familia-miercoles young-adults-thu-eastside",
        "area=Nowhere        | ''",
        "day=                | peer-family-circle-last-friday conexion-sabado-hibrido connection-lunch-online connection-tue-downtown familia-a-familia-miercoles young-adults-thu-eastside family-support-thu-online",
    })
    void list_filters(String query, String expected) {
        String[] pair = query.split("=", 2);
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, listWith(Map.of(pair[0], pair[1])), null);
        assertEquals(200, response.getStatusCode());
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), ids(response));
    }

    @Test
    void list_combinesFilters() {
        assertEquals(List.of("familia-a-familia-miercoles"),
                ids(ApiCalls.handle(handler, event("list-groups-filtered.json"), null)));
    }

    @Test
    void list_whenAFilterValueIsUnknown_answers400NamingTheFilterWithoutEchoingIt() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("list-groups-bad-filter.json"), null);
        assertEquals(400, response.getStatusCode());
        Map<String, Object> error = errorOf(response);
        assertEquals("invalid_request", error.get("code"));
        assertEquals(Set.of("day", "format"), ((Map<?, ?>) error.get("fields")).keySet());
        assertFalse(response.getBody().contains("XX"));
        assertFalse(response.getBody().contains("carrier_pigeon"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @ParameterizedTest
    @CsvSource({"audience,everyone", "language,english", "language,zz", "format,carrier_pigeon", "day,Tuesday", "colour,blue"})
    void list_whenAnyFilterIsWrong_answers400(String name, String value) {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, listWith(Map.of(name, value)), null);
        assertEquals(400, response.getStatusCode());
        assertTrue(((Map<?, ?>) errorOf(response).get("fields")).containsKey(name));
        assertFalse(response.getBody().contains(value));
    }

    @Test
    void list_whenTheClientHasTheCurrentTag_answers304WithoutABody() {
        APIGatewayV2HTTPResponse first = ApiCalls.handle(handler, event("list-groups.json"), null);
        String etag = first.getHeaders().get("ETag");
        assertTrue(etag.matches("\"[A-Za-z0-9_-]+\""), etag);

        APIGatewayV2HTTPEvent again = event("list-groups.json");
        again.getHeaders().put("if-none-match", etag);
        APIGatewayV2HTTPResponse notModified = ApiCalls.handle(handler, again, null);
        assertEquals(304, notModified.getStatusCode());
        assertEquals("", notModified.getBody());
        assertEquals(etag, notModified.getHeaders().get("ETag"));
        assertEquals("public, max-age=300", notModified.getHeaders().get("Cache-Control"));

        APIGatewayV2HTTPEvent stale = event("list-groups.json");
        stale.getHeaders().put("if-none-match", "\"something-else\"");
        assertEquals(200, ApiCalls.handle(handler, stale, null).getStatusCode());
    }

    @Test
    void list_tagChangesWhenAMeetingHasPassed() {
        String before = ApiCalls.handle(handler, event("list-groups.json"), null).getHeaders().get("ETag");
        String after = ApiCalls.handle(handler(NOW.plusSeconds(7 * 24 * 3600)), event("list-groups.json"), null)
                .getHeaders().get("ETag");
        assertNotEquals(before, after);
    }

    @Test
    void getGroup_returnsOneGroup_and404ForUnknownOrArchived() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("get-group.json"), null);
        assertEquals(200, response.getStatusCode());
        assertEquals("connection-tue-downtown", Json.parseObject(response.getBody()).get("id"));
        assertTrue(response.getHeaders().containsKey("ETag"));

        for (String id : List.of("connection-sun-northside", "no-such-group", "../etc/passwd")) {
            APIGatewayV2HTTPEvent event = event("get-group.json");
            event.setPathParameters(Map.of("groupId", id));
            APIGatewayV2HTTPResponse missing = ApiCalls.handle(handler, event, null);
            assertEquals(404, missing.getStatusCode(), id);
            assertEquals("not_found", errorOf(missing).get("code"));
            assertFalse(missing.getBody().contains(id));
        }
    }

    @Test
    void unknownRoute_is404() {
        APIGatewayV2HTTPEvent event = event("list-groups.json");
        event.setRouteKey("DELETE /groups");
        assertEquals(404, ApiCalls.handle(handler, event, null).getStatusCode());
    }

    @Test
    void aFailingStore_givesAnOpaque503WithRetryAfter() {
        Env env = env(samples());
        DynamoFaults outage = new DynamoFaults().fail(ScanRequest.class, DynamoFaults.Kind.INTERNAL_ERROR, Integer.MAX_VALUE);
        ListGroupsHandler failing = new ListGroupsHandler(env, TestClients.dynamoDb(env, outage), Clock.fixed(NOW, ZoneOffset.UTC));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(failing, event("list-groups.json"), null);
        assertEquals(503, response.getStatusCode());
        assertEquals("5", response.getHeaders().get("Retry-After"));
        assertFalse(response.getBody().contains("InternalServerError"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> errorOf(APIGatewayV2HTTPResponse response) {
        return (Map<String, Object>) Json.parseObject(response.getBody()).get("error");
    }

    static List<String> allIds() {
        return new ArrayList<>(ids(ApiCalls.handle(handler(NOW), event("list-groups.json"), null)));
    }

    static ListGroupsHandler handler(Clock clock) {
        return handler(samples(), clock);
    }

    static synchronized LocalDeployment samples() {
        if (sampleDeployment == null) {
            sampleDeployment = LocalDeployment.create();
            SampleData.load().writeTo(sampleDeployment);
        }
        return sampleDeployment;
    }

    /** The handler over a deployment's tables, at {@code clock}. */
    static ListGroupsHandler handler(LocalDeployment deployment, Clock clock) {
        Env env = env(deployment);
        return new ListGroupsHandler(env, AwsClients.dynamoDb(env), clock);
    }

    /** The function's environment in {@code deployment}, with the organisation and feed these tests expect. */
    static Env env(LocalDeployment deployment) {
        Map<String, String> values = new HashMap<>(deployment.environment("ListGroupsFunction"));
        values.putAll(Map.of("ORG_NAME", "Example Peer Support", "ORG_TIME_ZONE", DENVER.getId(),
                "CALENDAR_UID_DOMAIN", "test-stack", "GROUP_PAGE_URL", GROUP_PAGE_URL, "STACK_ID", STACK_ID));
        return new Env(values);
    }

    /** The sample groups that are not archived, and the sample closures: what the site lists. */
    static Listing sampleListing() {
        SampleData samples = SampleData.load();
        return new Listing(
                samples.groups().stream().filter(g -> !g.archived()).map(Group::listing).toList(),
                samples.closures().stream().map(c -> LocalDate.parse(c.date())).collect(Collectors.toSet()));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> meetings(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("nextMeetings");
    }

    @Test
    void list_whenAListedMeetingEnds_dropsItAtOnce_thoughTheGroupsAreUnchanged() {
        MovableClock clock = new MovableClock(NOW);
        ListGroupsHandler handler = handler(clock);
        List<Map<String, Object>> before = groups(ApiCalls.handle(handler, event("list-groups.json"), null));
        Map<String, Object> soonest = before.get(0);
        String firstStart = (String) meetings(soonest).get(0).get("start");
        clock.set(Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(
                (String) meetings(soonest).get(0).get("end"))));

        List<Map<String, Object>> after = groups(ApiCalls.handle(handler, event("list-groups.json"), null));
        Map<String, Object> same = after.stream().filter(g -> g.get("id").equals(soonest.get("id"))).findFirst().orElseThrow();
        assertFalse(meetings(same).stream().anyMatch(m -> m.get("start").equals(firstStart)),
                "a meeting that has ended is no longer listed");
        assertEquals(4, meetings(same).size());
    }

    @Test
    void list_withAFilterRightAfterTheFullList_answersForTheFilter() {
        ListGroupsHandler handler = handler(Clock.fixed(NOW, ZoneOffset.UTC));
        APIGatewayV2HTTPResponse all = ApiCalls.handle(handler, event("list-groups.json"), null);
        APIGatewayV2HTTPResponse family = ApiCalls.handle(handler, listWith(Map.of("audience", "family")), null);
        assertEquals(List.of("peer-family-circle-last-friday", "familia-a-familia-miercoles", "family-support-thu-online"),
                ids(family));
        assertNotEquals(all.getHeaders().get("ETag"), family.getHeaders().get("ETag"));
        APIGatewayV2HTTPResponse again = ApiCalls.handle(handler, event("list-groups.json"), null);
        assertEquals(all.getBody(), again.getBody());
        assertEquals(all.getHeaders().get("ETag"), again.getHeaders().get("ETag"));
    }
}
