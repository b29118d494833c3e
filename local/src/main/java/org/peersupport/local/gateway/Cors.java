package org.peersupport.local.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API's {@code CorsConfiguration}, applied as API Gateway applies it: the gateway itself
 * answers preflight requests, adds the CORS headers to responses for allowed origins only, and
 * drops any CORS headers the function returned.
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                   List<String> exposeHeaders, Integer maxAge, boolean allowCredentials) {

    /** SAM's {@code CorsConfiguration: true}. */
    public static final Cors ALLOW_ALL = new Cors(List.of("*"), List.of("*"), List.of("*"), List.of(), null, false);

    public Cors {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** Exact origins, {@code *}, or a scheme wildcard such as {@code https://*}. Case matters only in the path, and origins have none. */
    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        for (String allowed : allowOrigins) {
            String a = allowed.toLowerCase(Locale.ROOT);
            if (a.equals("*") || a.equals(lower) || a.endsWith("://*") && lower.startsWith(a.substring(0, a.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request is a CORS preflight, which the gateway answers without a route. */
    public static boolean isPreflight(String method, String origin, String requestMethod) {
        return "OPTIONS".equals(method) && origin != null && requestMethod != null;
    }

    /**
     * The headers of the gateway's answer to a preflight (always 204). Nothing CORS-related when the
     * origin or the method is not allowed, so the browser refuses the call.
     */
    public Map<String, String> preflight(String origin, String requestMethod, String requestHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!allows(origin) || !methodAllowed(requestMethod)) {
            return headers;
        }
        headers.put("Access-Control-Allow-Origin", originValue(origin));
        headers.put("Access-Control-Allow-Methods", allowMethods.contains("*") ? requestMethod : String.join(",", allowMethods));
        String allowed = allowedHeaders(requestHeaders);
        if (!allowed.isEmpty()) {
            headers.put("Access-Control-Allow-Headers", allowed);
        }
        if (maxAge != null) {
            headers.put("Access-Control-Max-Age", maxAge.toString());
        }
        if (allowCredentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        return headers;
    }

    /** The headers added to an actual (non-preflight) response for this origin. */
    public Map<String, String> response(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!allows(origin)) {
            return headers;
        }
        headers.put("Access-Control-Allow-Origin", originValue(origin));
        if (!exposeHeaders.isEmpty()) {
            headers.put("Access-Control-Expose-Headers", String.join(",", exposeHeaders));
        }
        if (allowCredentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        return headers;
    }

    public static boolean isCorsHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("access-control-");
    }

    private boolean methodAllowed(String method) {
        for (String allowed : allowMethods) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    /** The requested headers that are allowed; with {@code *}, all of them. */
    private String allowedHeaders(String requested) {
        if (allowHeaders.contains("*")) {
            return requested == null ? "" : requested;
        }
        if (requested == null || requested.isBlank()) {
            return String.join(",", allowHeaders);
        }
        List<String> out = new ArrayList<>();
        for (String header : requested.split(",")) {
            String name = header.trim().toLowerCase(Locale.ROOT);
            if (allowHeaders.stream().anyMatch(h -> h.equalsIgnoreCase(name))) {
                out.add(name);
            }
        }
        return String.join(",", out);
    }

    private String originValue(String origin) {
        return allowOrigins.contains("*") && !allowCredentials ? "*" : origin;
    }
}
