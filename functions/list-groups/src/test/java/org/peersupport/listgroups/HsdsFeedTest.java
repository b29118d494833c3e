package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.listgroups.ListGroupsHandlerTest.NOW;
import static org.peersupport.listgroups.ListGroupsHandlerTest.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.testkit.api.ApiCalls;

/**
 * The HSDS feed over the sample groups, at a fixed time: every answer is checked against Open
 * Referral's published HSDS 3.0 schemas, and the schemas are shown to refuse a broken service.
 */
class HsdsFeedTest {
    private final ListGroupsHandler handler = ListGroupsHandlerTest.handler(NOW);
    private final Listing listing = ListGroupsHandlerTest.sampleListing();
    private final FeedIds ids = new FeedIds(ListGroupsHandlerTest.STACK_ID);

    static APIGatewayV2HTTPEvent page(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = event("hsds-services.json");
        event.setQueryStringParameters(query == null ? null : new HashMap<>(query));
        return event;
    }

    APIGatewayV2HTTPEvent service(String serviceId) {
        APIGatewayV2HTTPEvent event = event("hsds-service.json");
        event.setPathParameters(Map.of("id", serviceId));
        return event;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> contents(APIGatewayV2HTTPResponse response) {
        return (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("contents");
    }

    Map<String, Object> serviceOf(String groupId) {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, service(ids.service(groupId).toString()), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.parseObject(response.getBody());
    }

    static void assertValid(com.networknt.schema.Schema schema, String json) {
        List<String> problems = HsdsSchemas.problems(schema, json);
        assertEquals(List.of(), problems, json);
    }

    // --- every answer is valid HSDS --------------------------------------------------------------

    @Test
    void about_isValidAgainstHsdsAndNamesVersion3() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("hsds-about.json"), null);
        assertEquals(200, response.getStatusCode());
        assertValid(HsdsSchemas.ABOUT, response.getBody());
        Map<String, Object> about = Json.parseObject(response.getBody());
        assertEquals("3.0", about.get("version"));
        assertEquals(HsdsFeed.HSDS_OPENAPI, about.get("openapi_url"));
    }

    /** Every page at every page size, and every service in it, by the page's schema and by service.json. */
    @Test
    void everyPageAndEveryServiceOfTheSampleData_isValidHsds() {
        int groups = listing.groups().size();
        for (int perPage = 1; perPage <= groups + 1; perPage++) {
            Set<String> seen = new HashSet<>();
            int pages = (groups + perPage - 1) / perPage;
            for (int number = 1; number <= pages; number++) {
                APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, 
                        page(Map.of("page", "" + number, "per_page", "" + perPage)), null);
                assertEquals(200, response.getStatusCode());
                assertValid(HsdsSchemas.PAGE, response.getBody());
                for (Map<String, Object> service : contents(response)) {
                    assertValid(HsdsSchemas.SERVICE, Json.write(json -> Json.writeValue(json, service)));
                    assertTrue(seen.add((String) service.get("id")), "a service on two pages");
                }
            }
            assertEquals(groups, seen.size(), "every group once at per_page=" + perPage);
        }
        for (PublicGroup group : listing.groups()) {
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, service(ids.service(group.id()).toString()), null);
            assertEquals(200, response.getStatusCode());
            assertValid(HsdsSchemas.SERVICE, response.getBody());
        }
    }

    // --- the validator is really applied -------------------------------------------------------

    /** Each change breaks one HSDS rule; the schemas must refuse every one, naming where. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "timezone as a zone name       | /schedules/0/timezone",
        "status not in HSDS's list     | /status",
        "freq not in HSDS's list       | /schedules/0/freq",
        "no name                       | required property 'name'",
        "id not a UUID                 | /id",
        "url not a URI                 | /url",
        "last_modified not a date-time | /last_modified",
        "a location without its type   | /service_at_locations/0/location: required property 'location_type'",
        "a language without its id     | /languages/0: required property 'id'",
        "interval as text              | /schedules/0/interval"})
    void aDeliberatelyBrokenService_isRefusedByTheSchemas(String breakage, String where) {
        Map<String, Object> service = serviceOf("connection-tue-downtown");
        assertValid(HsdsSchemas.SERVICE, Json.write(json -> Json.writeValue(json, service)));
        BREAKAGES.get(breakage).accept(service);
        List<String> problems = HsdsSchemas.problems(HsdsSchemas.SERVICE, Json.write(json -> Json.writeValue(json, service)));
        assertEquals(1, problems.size(), breakage + ": " + problems);
        assertTrue(problems.get(0).contains(where), breakage + ": " + problems);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> service, String array) {
        return ((List<Map<String, Object>>) service.get(array)).get(0);
    }

    private static final Map<String, Consumer<Map<String, Object>>> BREAKAGES = Map.of(
            "timezone as a zone name", s -> first(s, "schedules").put("timezone", "America/Denver"),
            "status not in HSDS's list", s -> s.put("status", "open"),
            "freq not in HSDS's list", s -> first(s, "schedules").put("freq", "DAILY"),
            "no name", s -> s.remove("name"),
            "id not a UUID", s -> s.put("id", "connection-tue-downtown"),
            "url not a URI", s -> s.put("url", "see our website"),
            "last_modified not a date-time", s -> s.put("last_modified", "last Tuesday"),
            "a location without its type", s -> ((Map<String, Object>) first(s, "service_at_locations")
                    .get("location")).remove("location_type"),
            "a language without its id", s -> first(s, "languages").remove("id"),
            "interval as text", s -> first(s, "schedules").put("interval", "every week"));

    @Test
    void aBrokenPage_isRefusedByTheSchemas() {
        Map<String, Object> page = new LinkedHashMap<>(Json.parseObject(
                ApiCalls.handle(handler, page(null), null).getBody()));
        page.put("total_items", "seven");
        assertFalse(HsdsSchemas.problems(HsdsSchemas.PAGE, Json.write(json -> Json.writeValue(json, page))).isEmpty());
        Map<String, Object> noStatus = new LinkedHashMap<>(Json.parseObject(
                ApiCalls.handle(handler, page(null), null).getBody()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = new ArrayList<>((List<Map<String, Object>>) noStatus.get("contents"));
        items.get(0).remove("status");
        noStatus.put("contents", items);
        assertFalse(HsdsSchemas.problems(HsdsSchemas.PAGE, Json.write(json -> Json.writeValue(json, noStatus))).isEmpty(),
                "a page item must be an HSDS service_list item");
        assertFalse(HsdsSchemas.problems(HsdsSchemas.ABOUT, "{\"version\": 3}").isEmpty());
    }

    // --- paging, errors, caching ---------------------------------------------------------------

    @Test
    void page_countsAndFlags_areHsdsPaging() {
        Map<String, Object> second = Json.parseObject(ApiCalls.handle(handler, 
                page(Map.of("page", "2", "per_page", "3")), null).getBody());
        assertEquals(7L, second.get("total_items"));
        assertEquals(3L, second.get("total_pages"));
        assertEquals(2L, second.get("page_number"));
        assertEquals(3L, second.get("size"));
        assertEquals(false, second.get("first_page"));
        assertEquals(false, second.get("last_page"));
        assertEquals(false, second.get("empty"));
        Map<String, Object> last = Json.parseObject(ApiCalls.handle(handler, 
                page(Map.of("page", "3", "per_page", "3")), null).getBody());
        assertEquals(List.of(1L, true), List.of(last.get("size"), last.get("last_page")));
        Map<String, Object> beyond = Json.parseObject(ApiCalls.handle(handler, 
                page(Map.of("page", "9", "per_page", "3")), null).getBody());
        assertEquals(List.of(0L, true, true, List.of()),
                List.of(beyond.get("size"), beyond.get("last_page"), beyond.get("empty"), beyond.get("contents")));
        Map<String, Object> all = Json.parseObject(ApiCalls.handle(handler, page(null), null).getBody());
        assertEquals(List.of(7L, 1L, 1L, true, true),
                List.of(all.get("size"), all.get("total_pages"), all.get("page_number"), all.get("first_page"), all.get("last_page")));
        // In the groups' id order, which does not change as meetings pass.
        assertEquals(listing.groups().stream().map(PublicGroup::id).sorted()
                .map(id -> ListGroupsHandlerTest.GROUP_PAGE_URL.replace("{groupId}", id)).toList(),
                contents(ApiCalls.handle(handler, page(null), null)).stream().map(c -> c.get("url")).toList());
        assertEquals(200, ApiCalls.handle(handler, page(Map.of("full", "true", "format", "json", "page", "")), null)
                .getStatusCode());
    }

    @ParameterizedTest
    @CsvSource({"page,0", "page,-1", "page,two", "page,100001", "per_page,0", "per_page,101", "per_page,1e2",
        "format,ndjson", "full,yes", "search,secret-words", "modified_after,2026-01-01T00:00:00Z",
        "taxonomy_term_id,abc", "postcode,80903"})
    void page_whenAParameterIsWrongOrAFilter_answers400NamingItWithoutEchoingIt(String name, String value) {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, page(Map.of(name, value)), null);
        assertEquals(400, response.getStatusCode());
        Map<?, ?> error = (Map<?, ?>) Json.parseObject(response.getBody()).get("error");
        assertEquals("invalid_request", error.get("code"));
        assertEquals(Set.of(name), ((Map<?, ?>) error.get("fields")).keySet());
        // (A short number such as 0 may be part of the fixed message's own range.)
        assertFalse(value.length() > 2 && response.getBody().contains(value), response.getBody());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void service_unknownOrArchivedOrMalformedId_is404WithoutEchoingIt() {
        for (String id : List.of(ids.service("connection-sun-northside").toString(), // archived
                ids.service("no-such-group").toString(), "connection-tue-downtown", "../../etc/passwd", "")) {
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, service(id), null);
            assertEquals(404, response.getStatusCode(), id);
            assertEquals("not_found", ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("code"));
            assertTrue(id.isEmpty() || !response.getBody().contains(id));
        }
        assertEquals(200, ApiCalls.handle(handler, event("hsds-service.json"), null).getStatusCode(),
                "the sample event names the downtown group's service in the tests' deployment");
    }

    @Test
    void everyFeedAnswer_isCacheableLikeTheListing_with304ForItsTag() {
        for (APIGatewayV2HTTPEvent request : List.of(event("hsds-about.json"), page(null), event("hsds-service.json"))) {
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, request, null);
            assertEquals(200, response.getStatusCode());
            assertEquals("application/json; charset=utf-8", response.getHeaders().get("Content-Type"));
            assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
            assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
            String etag = response.getHeaders().get("ETag");
            request.getHeaders().put("if-none-match", etag);
            APIGatewayV2HTTPResponse again = ApiCalls.handle(handler, request, null);
            assertEquals(304, again.getStatusCode());
            assertEquals("", again.getBody());
            assertEquals(etag, again.getHeaders().get("ETag"));
        }
    }

    // --- what a directory learns about each group ----------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> locations(Map<String, Object> service) {
        return ((List<Map<String, Object>>) service.get("service_at_locations")).stream()
                .map(l -> (Map<String, Object>) l.get("location")).toList();
    }

    @Test
    void inPersonGroups_areAtTheirAreaOnly_onlineOnesVirtual_hybridOnesBoth() {
        List<Map<String, Object>> downtown = locations(serviceOf("connection-tue-downtown"));
        assertEquals(1, downtown.size());
        assertEquals("physical", downtown.get(0).get("location_type"));
        assertEquals("Downtown Springfield", downtown.get(0).get("name"));
        for (String field : List.of("addresses", "latitude", "longitude", "url", "phones", "contacts")) {
            assertFalse(downtown.get(0).containsKey(field), field);
        }
        List<Map<String, Object>> online = locations(serviceOf("family-support-thu-online"));
        assertEquals(List.of("virtual"), online.stream().map(l -> l.get("location_type")).toList());
        assertFalse(online.get(0).containsKey("url"), "the meeting link is private");
        List<Map<String, Object>> hybrid = locations(serviceOf("conexion-sabado-hibrido"));
        assertEquals(List.of("physical", "virtual"), hybrid.stream().map(l -> l.get("location_type")).toList());
        assertEquals("Westside Springfield", hybrid.get(0).get("name"));
        assertEquals(List.of(Map.of("description", "Wheelchair accessible")), ((List<Map<String, Object>>) (List<?>)
                hybrid.get(0).get("accessibility")).stream().map(a -> Map.of("description", a.get("description"))).toList());
        assertEquals(List.of(), hybrid.get(1).get("accessibility"), "a wheelchair ramp is not online");
    }

    @Test
    void eachService_saysWhenItWasCheckedHowToSignUpAndInWhichLanguages() {
        Map<String, Object> conexion = serviceOf("conexion-sabado-hibrido");
        assertEquals("2026-11-02", conexion.get("assured_date"));
        assertEquals("2026-11-02T15:00:00Z", conexion.get("last_modified"));
        assertEquals("https://www.example.org/groups/conexion-sabado-hibrido", conexion.get("url"));
        assertEquals("active", conexion.get("status"));
        assertEquals(List.of(Map.of("name", "Spanish", "code", "es"), Map.of("name", "English", "code", "en")),
                ((List<Map<String, Object>>) (List<?>) conexion.get("languages")).stream()
                        .map(l -> Map.of("name", l.get("name"), "code", l.get("code"))).toList());
        assertTrue(((String) conexion.get("application_process")).startsWith(
                "Sign up at https://www.example.org/groups/conexion-sabado-hibrido"));

        Map<String, Object> circle = serviceOf("peer-family-circle-last-friday");
        assertEquals("2026-07-20", circle.get("assured_date"));
        assertTrue(((String) circle.get("application_process")).contains("emergency contact"));
        assertFalse(((String) conexion.get("application_process")).contains("emergency contact"));

        Map<String, Object> paused = serviceOf("young-adults-thu-eastside");
        assertEquals("temporarily closed", paused.get("status"));
        assertTrue(((String) paused.get("application_process")).contains("not taking sign-ups"));
    }

    @Test
    void aGroupNeverChecked_hasNoAssuredDate() {
        PublicGroup sample = listing.groups().get(0);
        PublicGroup unchecked = new PublicGroup(sample.id(), sample.name(), sample.program(), sample.audience(),
                sample.description(), sample.languages(), sample.format(), sample.area(), sample.accessibility(),
                sample.schedule(), sample.status(), sample.updatedAt(), null, false);
        String json = new HsdsFeed("Org", ListGroupsHandlerTest.DENVER, ListGroupsHandlerTest.GROUP_PAGE_URL,
                ListGroupsHandlerTest.STACK_ID).service(unchecked, Set.of(), NOW);
        assertValid(HsdsSchemas.SERVICE, json);
        assertNull(Json.parseObject(json).get("assured_date"));
    }
}
