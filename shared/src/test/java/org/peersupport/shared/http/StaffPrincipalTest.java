package org.peersupport.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StaffPrincipalTest {
    static APIGatewayV2HTTPEvent event(String routeKey, Map<String, String> claims) {
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRequestId("test-request");
        if (claims != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            jwt.setClaims(claims);
            authorizer.setJwt(jwt);
            context.setAuthorizer(authorizer);
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(routeKey);
        event.setRequestContext(context);
        return event;
    }

    static Map<String, String> claims(String username, String groups) {
        Map<String, String> claims = new HashMap<>();
        claims.put("username", username);
        claims.put("token_use", "access");
        if (groups != null) {
            claims.put("cognito:groups", groups);
        }
        return claims;
    }

    /** API Gateway passes array claims as one string, "[a b]"; other spellings are read the same. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[admins]|ADMIN", "[facilitators]|FACILITATOR", "[facilitators admins]|ADMIN", "admins|ADMIN",
        "facilitators,admins|ADMIN", "[facilitators other]|FACILITATOR", "[other]|", "[]|", "[Admins]|", "[admin]|"})
    void role_comesFromTheGroupsClaim_adminsOverFacilitators(String groups, String expected) {
        StaffPrincipal principal = StaffPrincipal.of(event("GET /staff/groups", claims("robin", groups)));
        if (expected == null) {
            assertNull(principal);
        } else {
            assertEquals(StaffRole.valueOf(expected), principal.role());
            assertEquals("robin", principal.username());
        }
    }

    @Test
    void username_isTheAccessTokensOrTheIdTokens_andMustBeCleanText() {
        Map<String, String> idToken = new HashMap<>(Map.of("cognito:username", "sam", "cognito:groups", "[admins]",
                "token_use", "id"));
        assertEquals("sam", StaffPrincipal.of(event("GET /staff/audit", idToken)).username());
        assertNull(StaffPrincipal.of(event("GET /staff/audit", Map.of("cognito:groups", "[admins]"))), "no username");
        assertNull(StaffPrincipal.of(event("GET /staff/audit", claims("a b", "[admins]"))));
        assertNull(StaffPrincipal.of(event("GET /staff/audit", claims("a\u202eb", "[admins]"))));
        assertNull(StaffPrincipal.of(event("GET /staff/audit", claims("x".repeat(129), "[admins]"))));
        assertNull(StaffPrincipal.of(event("GET /staff/audit", null)), "no authorizer at all");
        assertNull(StaffPrincipal.of(event("GET /staff/audit", claims("robin", null))), "a valid token with no role");
    }

    @Test
    void facilitators_mayCallOnlyTheTwoReadingRoutes_adminsEveryRoute() {
        for (String route : List.of("GET /staff/groups", "GET /staff/signups")) {
            assertTrue(StaffRole.FACILITATOR.allows(route), route);
        }
        for (String route : List.of("PUT /staff/groups/{groupId}", "DELETE /staff/groups/{groupId}", "GET /staff/closures",
                "PUT /staff/closures/{date}", "DELETE /staff/closures/{date}", "DELETE /staff/signups", "GET /staff/audit",
                "GET /staff/users", "PUT /staff/users/{username}", "DELETE /staff/users/{username}")) {
            assertFalse(StaffRole.FACILITATOR.allows(route), route);
            assertTrue(StaffRole.ADMIN.allows(route), route);
        }
    }

    @Test
    void serve_refusesTheWrongRoleAndTokensWithoutARole_beforeTheWorkRuns() {
        AtomicInteger ran = new AtomicInteger();
        APIGatewayV2HTTPResponse refused = StaffPrincipal.serve(event("GET /staff/audit", claims("robin", "[facilitators]")),
                "test", p -> {
                    ran.incrementAndGet();
                    return Responses.json(200, "{}", Responses.NO_STORE);
                });
        assertEquals(403, refused.getStatusCode());
        assertTrue(refused.getBody().contains("\"forbidden\""), refused.getBody());
        assertEquals(403, StaffPrincipal.serve(event("GET /staff/groups", claims("robin", "[readers]")), "test", p -> {
            ran.incrementAndGet();
            return null;
        }).getStatusCode());
        assertEquals(0, ran.get());
        APIGatewayV2HTTPResponse served = StaffPrincipal.serve(event("GET /staff/groups", claims("robin", "[facilitators]")),
                "test", p -> Responses.json(200, "{\"who\":\"" + p.username() + "\"}", Responses.NO_STORE));
        assertEquals(200, served.getStatusCode());
        assertEquals("{\"who\":\"robin\"}", served.getBody());
    }

    @Test
    void mayRead_aGroup_whenAdminOrNamedAmongItsFacilitators() {
        StaffPrincipal facilitator = new StaffPrincipal("robin", StaffRole.FACILITATOR);
        assertTrue(facilitator.mayRead(List.of("sam", "robin")));
        assertFalse(facilitator.mayRead(List.of("sam")));
        assertFalse(facilitator.mayRead(List.of()));
        assertTrue(new StaffPrincipal("ana", StaffRole.ADMIN).mayRead(List.of()));
    }
}
