package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;

/**
 * The real handler, configured exactly as template.yaml configures it, against moto with tables
 * created from the template's own definitions and the sample groups loaded.
 */
class ListGroupsIT {
    static SampleData samples;
    static ListGroupsHandler handler;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        samples = SampleData.load();
        samples.writeTo(deployment);
        Env env = deployment.env("ListGroupsFunction");
        handler = new ListGroupsHandler(env, AwsClients.dynamoDb(env), Clock.systemUTC());
    }

    static APIGatewayV2HTTPResponse get(String eventFile, Map<String, String> path, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + eventFile);
        if (path != null) {
            event.setPathParameters(path);
        }
        event.setQueryStringParameters(query == null ? null : new HashMap<>(query));
        return ApiCalls.handle(handler, event, null);
    }

    @Test
    void listing_overTheSampleData_showsEveryGroupButTheArchivedOne() {
        APIGatewayV2HTTPResponse response = get("list-groups.json", null, null);
        assertEquals(200, response.getStatusCode());
        List<String> ids = ListGroupsHandlerTest.ids(response);
        assertEquals(samples.groups().size() - 1, ids.size());
        assertFalse(ids.contains("connection-sun-northside"));
        assertEquals(404, get("get-group.json", Map.of("groupId", "connection-sun-northside"), null).getStatusCode());
    }

    @Test
    void listing_filtersAndConditionalRequests_workAgainstTheStore() {
        assertEquals(List.of("familia-a-familia-miercoles"),
                ListGroupsHandlerTest.ids(get("list-groups-filtered.json", null, Map.of("audience", "family", "language", "es"))));
        APIGatewayV2HTTPResponse first = get("list-groups.json", null, null);
        APIGatewayV2HTTPEvent again = EventLoader.loadApiGatewayHttpEvent("events/list-groups.json");
        again.getHeaders().put("if-none-match", first.getHeaders().get("ETag"));
        assertEquals(304, ApiCalls.handle(handler, again, null).getStatusCode());
        assertEquals(400, get("list-groups-bad-filter.json", null, Map.of("day", "XX")).getStatusCode());
    }

    @Test
    void calendars_areServedForOneGroupAndForAll() throws Exception {
        APIGatewayV2HTTPResponse one = get("group-calendar.json", Map.of("groupId", "family-support-thu-online"), null);
        assertEquals(200, one.getStatusCode());
        assertTrue(one.getBody().contains("RRULE:FREQ=MONTHLY;BYDAY=1TH,3TH"));
        CalendarTest.parse(one.getBody());
        APIGatewayV2HTTPResponse all = get("calendar.json", null, null);
        assertEquals(samples.groups().size() - 1, CalendarTest.parse(all.getBody()).getComponents("VEVENT").size());
    }

    /** Every public route, over every sample group and filter: no private field's name or value. */
    @Test
    void noPublicResponse_carriesAnyPrivateFieldNameOrValue() {
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        responses.add(get("list-groups.json", null, null));
        for (Map<String, String> query : List.of(Map.of("audience", "self"), Map.of("audience", "family"),
                Map.of("audience", "both"), Map.of("format", "online"), Map.of("format", "in_person"),
                Map.of("format", "hybrid"), Map.of("language", "es"), Map.of("day", "TH"), Map.of("area", "Springfield"))) {
            responses.add(get("list-groups.json", null, query));
        }
        responses.add(get("calendar.json", null, null));
        for (Group group : samples.groups()) {
            responses.add(get("get-group.json", Map.of("groupId", group.id()), null));
            responses.add(get("group-calendar.json", Map.of("groupId", group.id()), null));
        }
        // The HSDS feed: its root, its pages at several sizes, and every service by its id.
        responses.add(get("hsds-about.json", null, null));
        for (String perPage : List.of("1", "3", "100")) {
            responses.add(get("hsds-services.json", null, Map.of("per_page", perPage)));
        }
        for (Map<String, Object> service : HsdsFeedTest.contents(get("hsds-services.json", null, null))) {
            responses.add(get("hsds-service.json", Map.of("id", (String) service.get("id")), null));
        }
        List<String> secrets = new ArrayList<>();
        for (Group group : samples.groups()) {
            MeetingDetails d = group.meetingDetails();
            for (String value : new String[] {d.address(), d.meetingUrl(), d.meetingPhone(), d.facilitatorName(),
                d.facilitatorEmail(), d.notesForRegistrants()}) {
                if (value != null) {
                    secrets.add(value);
                    // calendars escape commas and fold lines, so look for a distinctive piece too
                    secrets.add(value.split("[,;\\n]")[0]);
                }
            }
            secrets.addAll(group.facilitatorUsernames());
        }
        int checked = 0;
        for (APIGatewayV2HTTPResponse response : responses) {
            String body = response.getBody();
            String unfolded = body.replace("\r\n ", "");
            for (String name : GroupInput.privateFieldNames()) {
                assertFalse(body.contains(name), "private field name " + name + " in a public response");
            }
            for (String secret : secrets) {
                assertFalse(unfolded.contains(secret), "a private value appears in a public response");
            }
            if (response.getStatusCode() == 200) {
                checked++;
            }
        }
        assertEquals(responses.size() - 2, checked); // all but the archived group's two routes
        int listing = 1 + 9 + 1 + 2 * samples.groups().size();
        int feed = 1 + 3 + (samples.groups().size() - 1);
        assertEquals(listing + feed, responses.size(), "the feed's root, pages and services were walked too");
        assertTrue(secrets.size() > 20);
    }

    /** As deployed (the template's GroupPageUrl and the stack's id): every feed answer is valid HSDS 3.0. */
    @Test
    void hsdsFeed_overTheStore_isValidHsds_andListsEveryGroupButTheArchivedOne() {
        HsdsFeedTest.assertValid(HsdsSchemas.ABOUT, get("hsds-about.json", null, null).getBody());
        APIGatewayV2HTTPResponse page = get("hsds-services.json", null, null);
        HsdsFeedTest.assertValid(HsdsSchemas.PAGE, page.getBody());
        List<Map<String, Object>> services = HsdsFeedTest.contents(page);
        assertEquals(samples.groups().size() - 1, services.size());
        for (Map<String, Object> service : services) {
            APIGatewayV2HTTPResponse one = get("hsds-service.json", Map.of("id", (String) service.get("id")), null);
            assertEquals(200, one.getStatusCode());
            HsdsFeedTest.assertValid(HsdsSchemas.SERVICE, one.getBody());
            assertTrue(((String) service.get("url")).startsWith("http://127.0.0.1:3000/#group-"), (String) service.get("url"));
        }
    }

    @Test
    void publicViewFields_areExactlyTheContracts() {
        Map<String, Object> group = Json.parseObject(get("get-group.json", null, null).getBody());
        Set<String> expected = new java.util.HashSet<>(GroupInput.publicFieldNames());
        expected.add("nextMeetings");
        expected.add("updatedAt");
        assertEquals(expected, group.keySet());
    }
}
