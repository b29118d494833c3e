package org.peersupport.listaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.audit.AuditTrail;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.testkit.AwsCalls;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;

/** The real handler against moto: records written by the shared AuditTrail, read back newest first. */
class ListAuditIT {
    static final String USERNAME = "ops";
    static LocalDeployment deployment;
    static ListAuditHandler handler;
    static List<AuditItem> written = new ArrayList<>();

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        Env env = deployment.env("ListAuditFunction");
        handler = new ListAuditHandler(env, AwsClients.dynamoDb(env), Clock.systemUTC());
        AuditTrail trail = AuditTrail.dynamo(deployment.enhanced(), deployment.physicalId("AuditTable"));
        Instant base = Instant.parse("2026-11-20T10:00:00Z");
        AuditAction[] actions = AuditAction.values();
        for (int i = 0; i < 7; i++) {
            // written out of order on purpose
            Instant at = base.plusSeconds(((i * 3) % 7) * 3600L).plusMillis(i);
            AuditItem item = AuditItem.of(at, USERNAME, actions[i % actions.length], Map.of("groupId", "g-" + i), i);
            trail.record(item);
            written.add(item);
        }
        // a record more than a year old that TTL has not removed yet
        trail.record(AuditItem.of(Instant.now().minusSeconds(400L * 86_400), USERNAME, AuditAction.PUT_CLOSURE, Map.of(), 1));
    }

    static APIGatewayV2HTTPResponse list(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-audit.json");
        event.setQueryStringParameters(new HashMap<>(query));
        return ApiCalls.handle(handler, event, null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void records_comeNewestFirst_pageByPage_withoutExpiredOnes() {
        List<String> expected = written.stream().map(AuditItem::at).sorted(java.util.Comparator.reverseOrder()).toList();
        List<String> seen = new ArrayList<>();
        Map<String, String> query = new HashMap<>(Map.of("limit", "3"));
        int pages = 0;
        while (true) {
            APIGatewayV2HTTPResponse response = list(query);
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals("no-store", response.getHeaders().get("Cache-Control"));
            Map<String, Object> body = Json.parseObject(response.getBody());
            for (Map<String, Object> record : (List<Map<String, Object>>) body.get("records")) {
                seen.add((String) record.get("at"));
                assertEquals(USERNAME, record.get("principal"));
                assertEquals(java.util.Set.of("at", "principal", "action", "filters", "rowCount"), record.keySet());
            }
            pages++;
            if (body.get("nextCursor") == null || pages > 10) {
                break;
            }
            query.put("cursor", (String) body.get("nextCursor"));
        }
        assertEquals(expected, seen);
        Map<String, Object> newest = ((List<Map<String, Object>>) Json.parseObject(list(Map.of()).getBody())
                .get("records")).get(0);
        AuditItem top = written.stream().max(java.util.Comparator.comparing(AuditItem::at)).orElseThrow();
        assertEquals(top.action(), newest.get("action"));
        assertEquals(top.filters(), newest.get("filters"));
        assertEquals((long) top.rowCount(), newest.get("rowCount"));
    }

    @Test
    void badLimitOrCursor_isACalm400() {
        assertEquals(400, list(Map.of("limit", "0")).getStatusCode());
        assertEquals(400, list(Map.of("limit", "1001")).getStatusCode());
        APIGatewayV2HTTPResponse response = list(Map.of("cursor", "eyJzayI6IngifQ"));
        assertEquals(400, response.getStatusCode());
        assertFalse(response.getBody().contains("eyJzayI6IngifQ"));
        assertEquals(400, list(Map.of("action", "erase_signups")).getStatusCode());
    }

    @Test
    void unsigned_is403_andReadsNothing() {
        Env env = deployment.env("ListAuditFunction");
        AwsCalls calls = new AwsCalls();
        ListAuditHandler watched = new ListAuditHandler(env, TestClients.dynamoDb(env, calls), Clock.systemUTC());
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/list-audit.json");
        event.getRequestContext().setAuthorizer(null);
        APIGatewayV2HTTPResponse response = ApiCalls.handle(watched, event, null);
        assertEquals(403, response.getStatusCode());
        assertNull(Json.parseObject(response.getBody()).get("records"));
        assertEquals(List.of(), calls.calls(), "audit was read");
    }
}
