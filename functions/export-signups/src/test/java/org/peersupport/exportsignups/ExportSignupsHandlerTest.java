package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;

/** What the handler decides before it reads anything: every port here fails the test if touched. */
class ExportSignupsHandlerTest {
    static final SignupPages NO_SIGNUPS = (filter, start, max) -> {
        throw new AssertionError("sign-ups were read");
    };
    static final GroupNames NO_GROUPS = id -> {
        throw new AssertionError("groups were read");
    };
    final ExportSignupsHandler handler = new ExportSignupsHandler(NO_SIGNUPS, NO_GROUPS,
            item -> {
                throw new AssertionError("audit was written");
            },
            ZoneId.of("America/Denver"), Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC), 1000);

    static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + file);
    }

    @Test
    void export_withoutAnIamPrincipal_is403_andReadsNothing() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("export-signups-unsigned.json"), null);
        assertEquals(403, response.getStatusCode());
        assertEquals("forbidden", ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("code"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
    }

    @Test
    void export_withAnEmptyPrincipal_is403() {
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.getRequestContext().getAuthorizer().getIam().setUserArn("");
        assertEquals(403, handler.handleRequest(event, null).getStatusCode());
        event.getRequestContext().setAuthorizer(null);
        assertEquals(403, handler.handleRequest(event, null).getStatusCode());
    }

    @Test
    void signedSampleEvent_carriesThePrincipalAsApiGatewayPutsIt() {
        assertEquals("arn:aws:sts::123456789012:assumed-role/PeerSupportStaff/robin",
                org.peersupport.shared.http.StaffPrincipal.of(event("export-signups.json")));
    }

    @Test
    void badParameters_are400_beforeAnyRead_andNotEchoed() {
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("since", "<script>", "limit", "99999")));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(400, response.getStatusCode());
        assertFalse(response.getBody().contains("<script>"));
        assertFalse(response.getBody().contains("99999"));
    }

    @Test
    void aTamperedCursor_isACalm400() {
        APIGatewayV2HTTPEvent event = event("export-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("cursor", "eyJwayI6IkdST1VQI3gifQ")));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(400, response.getStatusCode());
        Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields");
        assertEquals(java.util.Set.of("cursor"), fields.keySet());
    }
}
