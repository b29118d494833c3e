package org.peersupport.testkit.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request and the response it got, on a route of the template, as seen at one of the two
 * places the tests exchange them: the local gateway (what a client sends and receives) or a
 * handler invoked directly with an API Gateway event (what API Gateway would send it and make of
 * its result).
 *
 * @param routeKey the template's route, {@code GET /groups/{groupId}}
 * @param target   the path and query as sent, percent-encoded ({@code /groups/x?lang=es})
 * @param requestHeaders  header names in lower case, every value
 * @param responseHeaders header names as written, every value
 */
public record ApiExchange(Seam seam, String routeKey, String target, Map<String, List<String>> requestHeaders,
                          byte[] requestBody, int status, Map<String, List<String>> responseHeaders, byte[] responseBody) {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}+]+)(\\+)?}");

    /** Where the exchange was seen. */
    public enum Seam {
        /** Through the local gateway: its own answers (401, 429) and its authorizer included. */
        GATEWAY("through the local gateway"),
        /** A handler invoked with an event: API Gateway's authorizer has already run, or is not part of it. */
        HANDLER("by invoking the handler");

        private final String description;

        Seam(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public ApiExchange {
        requestHeaders = lowerCased(requestHeaders);
        requestBody = requestBody == null ? new byte[0] : requestBody;
        responseBody = responseBody == null ? new byte[0] : responseBody;
    }

    public String method() {
        return routeKey.substring(0, routeKey.indexOf(' '));
    }

    /** The route's path as the template writes it ({@code /console/{file+}}). */
    public String routePath() {
        return routeKey.substring(routeKey.indexOf(' ') + 1);
    }

    /** The path as sent, still percent-encoded. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query string as sent, without '?', or "". */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    public String requestHeader(String name) {
        List<String> values = requestHeaders.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String responseHeader(String name) {
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /**
     * A handler's invocation as API Gateway would have carried it: the request rebuilt from the
     * event (path parameters put back into the route's path, the query, headers, cookies, the body
     * decoded), the result read as payload format 2.0 ({@code Content-Type} defaulting to
     * {@code application/json}, cookies as {@code Set-Cookie}, the body decoded). Null for an
     * event without a route key.
     */
    public static ApiExchange of(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        String routeKey = event.getRouteKey();
        if (routeKey == null && event.getRequestContext() != null) {
            routeKey = event.getRequestContext().getRouteKey();
        }
        if (routeKey == null || routeKey.indexOf(' ') < 0) {
            return null;
        }
        Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> requestHeaders.put(name, new ArrayList<>(List.of(value))));
        }
        if (event.getCookies() != null && !event.getCookies().isEmpty()) {
            requestHeaders.put("cookie", List.of(String.join("; ", event.getCookies())));
        }
        byte[] requestBody = decode(event.getBody(), event.getIsBase64Encoded());

        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (value != null) {
                    responseHeaders.put(name, new ArrayList<>(List.of(value)));
                }
            });
        }
        if (response.getCookies() != null && !response.getCookies().isEmpty()) {
            responseHeaders.put("Set-Cookie", new ArrayList<>(response.getCookies()));
        }
        if (responseHeaders.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
            responseHeaders.put("Content-Type", List.of("application/json"));
        }
        return new ApiExchange(Seam.HANDLER, routeKey, target(routeKey, event), requestHeaders, requestBody,
                response.getStatusCode(), responseHeaders, decode(response.getBody(), response.getIsBase64Encoded()));
    }

    /** The path and query the event stands for: the route's path with its parameters filled in, else rawPath. */
    private static String target(String routeKey, APIGatewayV2HTTPEvent event) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        Map<String, String> parameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Matcher placeholder = PATH_PARAMETER.matcher(path);
        StringBuilder filled = new StringBuilder();
        boolean complete = true;
        while (complete && placeholder.find()) {
            String value = parameters.get(placeholder.group(1));
            complete = value != null;
            if (complete) {
                boolean greedy = placeholder.group(2) != null;
                placeholder.appendReplacement(filled, Matcher.quoteReplacement(greedy ? encodeGreedy(value) : encodeSegment(value)));
            }
        }
        placeholder.appendTail(filled);
        String resolved = complete ? filled.toString() : event.getRawPath() == null ? path : event.getRawPath();
        String query = event.getRawQueryString();
        if ((query == null || query.isEmpty()) && event.getQueryStringParameters() != null) {
            StringBuilder built = new StringBuilder();
            event.getQueryStringParameters().forEach((name, value) -> {
                if (built.length() > 0) {
                    built.append('&');
                }
                built.append(encodeSegment(name)).append('=').append(value == null ? "" : encodeSegment(value));
            });
            query = built.toString();
        }
        return query == null || query.isEmpty() ? resolved : resolved + "?" + query;
    }

    private static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeGreedy(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split("/", -1)) {
            parts.add(encodeSegment(part));
        }
        return String.join("/", parts);
    }

    private static byte[] decode(String body, boolean base64) {
        if (body == null) {
            return new byte[0];
        }
        if (base64) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException notBase64) {
                return body.getBytes(StandardCharsets.UTF_8);
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, values) ->
                    lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        }
        return lower;
    }
}
