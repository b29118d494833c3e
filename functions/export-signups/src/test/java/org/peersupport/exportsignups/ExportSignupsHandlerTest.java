package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.http.StaffPrincipal;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.NoAwsCalls;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;

/** What the handler decides before it reads anything: its DynamoDB client fails the test on any call. */
class ExportSignupsHandlerTest {
    static final Env ENV = new Env(Map.of("AWS_REGION", "us-east-1", "ORG_TIME_ZONE", "America/Denver",
            "SIGNUPS_TABLE", "Signups", "GROUPS_TABLE", "Groups", "MEETING_DETAILS_TABLE", "MeetingDetails",
            "AUDIT_TABLE", "Audit"));
    final ExportSignupsHandler handler = new ExportSignupsHandler(ENV, TestClients.dynamoDb(ENV, new NoAwsCalls()),
            Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC));

    static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + file);
    }

    @Test
    void export_withoutAStaffToken_is403_andReadsNothing() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("export-signups-unsigned.json"), null);
        assertEquals(403, response.getStatusCode());
        assertEquals("forbidden", ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("code"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void export_withATokenThatGivesNoRole_is403() {
        assertEquals(403, ApiCalls.handle(handler, StaffClaims.as(event("export-signups.json"), "robin"), null).getStatusCode());
        assertEquals(403, ApiCalls.handle(handler, StaffClaims.as(event("export-signups.json"), "robin", "readers"), null)
                .getStatusCode());
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.getRequestContext().setAuthorizer(null);
        assertEquals(403, ApiCalls.handle(handler, event, null).getStatusCode());
    }

    @Test
    void sampleEvent_carriesTheStaffMemberAsApiGatewayPutsIt() {
        assertEquals(new StaffPrincipal("robin", StaffRole.ADMIN), StaffPrincipal.of(event("export-signups.json")));
    }

    /** Without a group, a facilitator is told to choose one, and nothing at all is read. */
    @Test
    void aFacilitator_withoutAGroup_is400NamingGroupId() {
        APIGatewayV2HTTPEvent event = StaffClaims.facilitator(event("export-signups.json"), "robin");
        event.setQueryStringParameters(new HashMap<>(Map.of("format", "csv")));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
        assertEquals(400, response.getStatusCode());
        Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields");
        assertEquals(java.util.Set.of("groupId"), fields.keySet());
    }

    @Test
    void badParameters_are400_beforeAnyRead_andNotEchoed() {
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("since", "<script>", "limit", "99999")));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
        assertEquals(400, response.getStatusCode());
        assertFalse(response.getBody().contains("<script>"));
        assertFalse(response.getBody().contains("99999"));
    }

    @Test
    void aTamperedCursor_isACalm400() {
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("cursor", "eyJwayI6IkdST1VQI3gifQ")));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
        assertEquals(400, response.getStatusCode());
        Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields");
        assertEquals(java.util.Set.of("cursor"), fields.keySet());
    }
}
