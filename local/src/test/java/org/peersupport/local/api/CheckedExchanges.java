package org.peersupport.local.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;
import org.peersupport.testkit.api.ApiCalls;
import org.peersupport.testkit.api.ApiExchange;

/**
 * Checks every exchange through the local gateway in these tests against openapi.yaml (testkit's
 * {@link ApiCalls}): the browser's, the load tests', the staff routes'. Registered for the local
 * module's tests only (in {@code src/test/resources/META-INF/services}).
 */
public final class CheckedExchanges implements Gateway.Observer {
    @Override
    public void exchanged(String routeKey, HttpRequest request, HttpResponse response) {
        ApiCalls.check(exchange(routeKey, request, response));
    }

    /** The exchange as a client saw it. */
    public static ApiExchange exchange(String routeKey, HttpRequest request, HttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : response.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>()).add(header.getValue());
        }
        return new ApiExchange(ApiExchange.Seam.GATEWAY, routeKey, request.rawTarget(), request.headers(), request.body(),
                response.status(), headers, response.body());
    }
}
