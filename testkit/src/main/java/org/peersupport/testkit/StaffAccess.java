package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.testkit.api.ApiCalls;

/**
 * Who may call a staff function's routes, checked over every route template.yaml gives the
 * function: a request with no staff member, with a token that gives no role, or (for an admin
 * route) from a facilitator is answered 403 {@code forbidden} before any AWS call at all. The
 * handler is built by the caller around an {@link AwsCalls} recorder added to all its clients.
 */
public final class StaffAccess {
    /** A value for each path parameter the staff routes have. */
    static final Map<String, String> PATH_VALUES = Map.of("groupId", "connection-tue-downtown", "date", "2026-12-24",
            "username", "someone");

    private StaffAccess() {
    }

    /**
     * Checks every route of {@code functionId} on a handler whose clients all record their calls
     * in {@code calls}.
     *
     * @return the routes checked, so the caller can say how many it expected
     */
    public static List<String> refusesTheWrongCallers(String functionId, AwsCalls calls,
                                                      RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        List<String> checked = new ArrayList<>();
        for (StackTemplate.Route route : StackTemplate.load().routes()) {
            if (!route.functionId().equals(functionId)) {
                continue;
            }
            checked.add(route.routeKey());
            Map<String, UnaryOperator<APIGatewayV2HTTPEvent>> callers = new LinkedHashMap<>();
            callers.put("no staff member", event -> {
                event.getRequestContext().setAuthorizer(null);
                return event;
            });
            callers.put("a token with no role", event -> StaffClaims.as(event, "someone"));
            callers.put("a token with another group", event -> StaffClaims.as(event, "someone", "readers"));
            if (!StaffRole.FACILITATOR.allows(route.routeKey())) {
                callers.put("a facilitator", event -> StaffClaims.facilitator(event, "local-facilitator"));
            }
            callers.forEach((who, as) -> {
                calls.clear();
                APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, as.apply(event(route)), null);
                assertEquals(403, response.getStatusCode(), route.routeKey() + " from " + who + ": " + response.getBody());
                assertTrue(response.getBody().contains("\"forbidden\""), route.routeKey() + " from " + who);
                assertEquals(List.of(), calls.calls(), route.routeKey() + " from " + who + " made AWS calls");
            });
        }
        assertFalse(checked.isEmpty(), functionId + " has no routes in template.yaml");
        return checked;
    }

    /** An event for a route as API Gateway would send it (an admin's, until a caller changes who sent it). */
    public static APIGatewayV2HTTPEvent event(StackTemplate.Route route) {
        String path = route.path();
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
            String placeholder = "{" + value.getKey() + "}";
            if (path.contains(placeholder)) {
                parameters.put(value.getKey(), value.getValue());
                path = path.replace(placeholder, value.getValue());
            }
        }
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(route.method());
        http.setPath(path);
        http.setSourceIp("198.51.100.23");
        http.setProtocol("HTTP/1.1");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(route.routeKey());
        context.setRequestId("staff-access-check");
        context.setStage("$default");
        context.setHttp(http);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(route.routeKey());
        event.setRawPath(path);
        event.setRawQueryString(route.method().equals("DELETE") && path.equals("/staff/signups") ? "email=someone%40example.org" : "");
        if (route.method().equals("DELETE") && path.equals("/staff/signups")) {
            event.setQueryStringParameters(new HashMap<>(Map.of("email", "someone@example.org")));
        }
        event.setHeaders(new HashMap<>(Map.of("content-type", "application/json")));
        event.setPathParameters(parameters.isEmpty() ? null : parameters);
        if (route.method().equals("PUT")) {
            event.setBody("{}");
        }
        event.setIsBase64Encoded(false);
        event.setRequestContext(context);
        return StaffClaims.admin(event, "local-admin");
    }
}
