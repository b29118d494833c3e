package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.peersupport.testkit.Echoes;
import org.peersupport.testkit.FuzzHarness;
import org.peersupport.testkit.FuzzedCall;
import org.peersupport.testkit.api.ApiCalls;

/**
 * The public listing's query strings, path ids and {@code If-None-Match} as a fuzzer builds them,
 * through the real handler over the sample groups (its listing port, in memory: the routes only
 * read). Whatever comes in: no 5xx, no exception out of the handler, nothing submitted in the
 * answer or the log unless it is public text the listing holds anyway, and a filtered listing
 * never holds a group the unfiltered one does not.
 */
@Tag("fuzz")
class ListGroupsFuzzTest {
    static final List<String> ROUTES = List.of("GET /groups", "GET /groups/{groupId}", "GET /groups/{groupId}/calendar.ics",
            "GET /calendar.ics", "POST /groups");
    static final List<String> NAMES = List.of("audience", "format", "language", "day", "area");
    static final List<String> WELL_FORMED = List.of("self", "family", "both", "in_person", "online", "hybrid", "en",
            "es", "MO", "tu", "SU", "Downtown", "online,hybrid", "self,family", "", " ");
    static ListGroupsHandler handler;
    static FuzzHarness fuzz;
    static Set<String> allIds;

    @BeforeAll
    static void setUp() {
        Instant now = Instant.parse("2026-11-25T20:00:00Z");
        handler = ListGroupsHandlerTest.handler(now);
        fuzz = new FuzzHarness("list-groups", null);
        fuzz.learn(String.join(" ", NAMES)); // the API's own parameter names, named in its messages
        APIGatewayV2HTTPResponse all = ApiCalls.handle(handler, ListGroupsHandlerTest.listWith(Map.of()), null);
        allIds = new HashSet<>(ListGroupsHandlerTest.ids(all));
        // The listing's own public text, and every message the filters have, with the answers'
        // headers (their names and values are the handler's words too: "Content-Type", "nosniff").
        fuzz.learn(Echoes.text(all));
        fuzz.learn(Echoes.text(ApiCalls.handle(handler, ListGroupsHandlerTest.event("calendar.json"), null)));
        for (String id : allIds) {
            fuzz.learn(Echoes.text(ApiCalls.handle(handler, 
                    new Request("GET /groups/{groupId}/calendar.ics", Map.of(), id, null).event(), null)));
        }
        Map<String, String> everyFilterWrong = new LinkedHashMap<>();
        for (String name : NAMES) {
            everyFilterWrong.put(name, "~".repeat(200));
        }
        everyFilterWrong.put("sort", "x");
        fuzz.learn(Echoes.text(ApiCalls.handle(ListGroupsHandlerTest.handler(now), 
                ListGroupsHandlerTest.listWith(everyFilterWrong), null)));
        fuzz.learn(Echoes.text(ApiCalls.handle(handler, new Request("GET /groups/{groupId}", Map.of(), "nope", null).event(), null)));
    }

    @AfterAll
    static void report() {
        fuzz.report();
    }

    @FuzzTest(maxDuration = "10m")
    void query(FuzzedDataProvider data) {
        Request request = Request.from(data);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();

        // Besides unknown parameters' names, the answer's own ETag comes back by design: a fuzzer
        // learns it from the If-None-Match comparison and sends a piece of it back.
        List<String> byDesign = new ArrayList<>(request.query().keySet());
        if (response.getHeaders() != null && response.getHeaders().get("ETag") != null) {
            byDesign.add(response.getHeaders().get("ETag"));
        }
        fuzz.assertNotEchoed(call, request.values(), byDesign);
        if (request.route().equals("GET /groups") && response.getStatusCode() == 200) {
            assertTrue(allIds.containsAll(ListGroupsHandlerTest.ids(response)), "a filter added a group");
        }
    }

    record Request(String route, Map<String, String> query, String groupId, String ifNoneMatch) {
        static Request from(FuzzedDataProvider data) {
            String route = data.pickValue(ROUTES);
            Map<String, String> query = new LinkedHashMap<>();
            int parameters = data.consumeInt(0, 4);
            for (int i = 0; i < parameters; i++) {
                String name = data.consumeInt(0, 5) == 0 ? data.consumeString(20) : data.pickValue(NAMES);
                String value = data.consumeBoolean() ? data.pickValue(WELL_FORMED) : data.consumeString(200);
                query.merge(name, value, (a, b) -> a + "," + b); // API Gateway joins repeated parameters with commas
            }
            String groupId = data.consumeBoolean() ? data.pickValue(List.of("connection-tue-downtown", "connection-sun-northside",
                    "young-adults-thu-eastside")) : data.consumeString(80);
            String ifNoneMatch = data.consumeBoolean() ? data.consumeString(80) : null;
            return new Request(route, query, groupId, ifNoneMatch);
        }

        List<String> values() {
            List<String> values = new ArrayList<>();
            // Parameter names are not checked: an unknown one is named in the 400's fields, by the
            // contract's error shape (see RELIABILITY.md), and taken out of the answer before a value
            // is looked for in it (a value can be a piece of a name). Values never come back.
            query.forEach((name, value) -> {
                values.add(value);
                values.addAll(List.of(value.split(",")));
            });
            values.add(groupId);
            if (ifNoneMatch != null) {
                values.add(ifNoneMatch);
            }
            return values;
        }

        APIGatewayV2HTTPEvent event() {
            APIGatewayV2HTTPEvent event = ListGroupsHandlerTest.event(route.contains("{groupId}") ? "get-group.json" : "list-groups.json");
            event.setRouteKey(route);
            event.getRequestContext().setRouteKey(route);
            event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
            event.setPathParameters(route.contains("{groupId}") ? new HashMap<>(Map.of("groupId", groupId)) : null);
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            if (ifNoneMatch != null) {
                headers.put("if-none-match", ifNoneMatch);
            }
            event.setHeaders(headers);
            return event;
        }
    }
}
