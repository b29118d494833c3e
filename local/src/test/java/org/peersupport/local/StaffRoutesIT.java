package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.staff.LocalStaff;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.StaffSignIn;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * Every {@code /staff} route of template.yaml, through the local gateway and the functions' own
 * jars: without a token, API Gateway's 401 and the function never runs; with a valid token that
 * gives no role, and (on an admin route) with a facilitator's, the function's 403 {@code forbidden}
 * (that nothing is read then is each function's *AccessIT); with an admin's, neither.
 */
class StaffRoutesIT {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, String> PATH_VALUES = Map.of("{groupId}", "connection-tue-downtown", "{date}", "2027-12-24",
            "{username}", "nobody-here");
    static LocalServer server;
    static String admin;
    static String facilitator;
    static String noRole;

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(LocalServer.Options.of(0, "s" + Long.toString(System.nanoTime(), 36) + "-"));
        var deployment = server.deployment();
        var cognito = deployment.cognito();
        String client = deployment.physicalId("StaffConsoleClient");
        admin = token(LocalStaff.ADMIN);
        facilitator = token(LocalStaff.FACILITATOR);
        // An account in neither group: it can sign in, and reach nothing.
        String pool = deployment.physicalId("StaffUserPool");
        cognito.adminCreateUser(r -> r.userPoolId(pool).username("no-role").temporaryPassword("Temporary-Pass-1357")
                .messageAction(MessageActionType.SUPPRESS));
        noRole = StaffSignIn.firstSignIn(cognito, client, "no-role", "Temporary-Pass-1357", "No-Role-Passw0rd-2468")
                .tokens().accessToken();
    }

    static String token(String username) {
        LocalStaff.Account account = server.staff().account(username);
        return StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                account.username(), account.password(), account.totpSecret()).accessToken();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<StackTemplate.Route> staffRoutes() {
        List<StackTemplate.Route> routes = new ArrayList<>();
        for (StackTemplate.Route route : StackTemplate.load().routes()) {
            if (route.path().startsWith("/staff")) {
                routes.add(route);
            }
        }
        return routes;
    }

    static HttpResponse<String> call(StackTemplate.Route route, String token) throws Exception {
        String path = route.path();
        for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
            path = path.replace(value.getKey(), value.getValue());
        }
        if (route.routeKey().equals("DELETE /staff/signups")) {
            path += "?email=nobody%40example.org";
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(route.method(), route.method().equals("PUT")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyStaffRoute_withoutAToken_is401_andTheFunctionNeverRuns() throws Exception {
        List<StackTemplate.Route> routes = staffRoutes();
        assertEquals(12, routes.size(), routes.toString());
        for (StackTemplate.Route route : routes) {
            int before = server.function(route.functionId()).invocations();
            HttpResponse<String> response = call(route, null);
            assertEquals(401, response.statusCode(), route.routeKey());
            assertEquals("{\"message\":\"Unauthorized\"}", response.body(), route.routeKey());
            HttpResponse<String> forged = call(route, admin.substring(0, admin.lastIndexOf('.') + 1) + "c2lnbmF0dXJl");
            assertEquals(401, forged.statusCode(), route.routeKey() + " with a forged signature");
            assertEquals(before, server.function(route.functionId()).invocations(), route.routeKey() + " ran");
        }
    }

    @Test
    void everyStaffRoute_refusesAWrongRole_with403() throws Exception {
        for (StackTemplate.Route route : staffRoutes()) {
            HttpResponse<String> none = call(route, noRole);
            assertEquals(403, none.statusCode(), route.routeKey() + " with a token that gives no role");
            assertTrue(none.body().contains("\"code\":\"forbidden\""), route.routeKey() + ": " + none.body());
            HttpResponse<String> asFacilitator = call(route, facilitator);
            if (StaffRole.FACILITATOR.allows(route.routeKey())) {
                assertNotEquals(401, asFacilitator.statusCode(), route.routeKey());
                assertNotEquals(403, asFacilitator.statusCode(), route.routeKey() + ": " + asFacilitator.body());
            } else {
                assertEquals(403, asFacilitator.statusCode(), route.routeKey() + " as a facilitator");
                assertTrue(asFacilitator.body().contains("\"code\":\"forbidden\""), route.routeKey());
            }
            HttpResponse<String> asAdmin = call(route, admin);
            assertTrue(asAdmin.statusCode() != 401 && asAdmin.statusCode() != 403,
                    route.routeKey() + " as an admin: " + asAdmin.statusCode() + " " + asAdmin.body());
        }
    }
}
