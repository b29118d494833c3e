package org.peersupport.local.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP API route from a function's {@code HttpApi} event: method (or {@code ANY}), path with
 * {@code {name}} and a final greedy {@code {name+}} parameter, or {@code $default}.
 *
 * @param authorizer the name of one of the API's authorizers (or {@code AWS_IAM}), or null for none
 * @param timeoutMillis the integration timeout (API Gateway answers 503 past it)
 */
public record Route(String apiId, String method, String path, String functionId, String authorizer,
                    int timeoutMillis, Throttle throttle) {
    public static final String DEFAULT = "$default";
    /** API Gateway's integration timeout for HTTP APIs when none is set. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

    public String routeKey() {
        return isDefault() ? DEFAULT : method + " " + path;
    }

    public boolean isDefault() {
        return DEFAULT.equals(path);
    }

    /** Path parameters when the (decoded) request path matches this route, else null. */
    public Map<String, String> match(String requestMethod, List<String> segments) {
        if (isDefault()) {
            return Map.of();
        }
        if (!method.equals("ANY") && !method.equals(requestMethod)) {
            return null;
        }
        List<String> template = segments(path);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            if (part.startsWith("{") && part.endsWith("+}")) {
                String rest = i >= segments.size() ? "" : String.join("/", segments.subList(i, segments.size()));
                if (rest.isEmpty()) {
                    return null;
                }
                parameters.put(part.substring(1, part.length() - 2), rest);
                return parameters;
            }
            if (i >= segments.size()) {
                return null;
            }
            String segment = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                parameters.put(part.substring(1, part.length() - 1), segment);
            } else if (!part.equals(segment)) {
                return null;
            }
        }
        return template.size() == segments.size() ? parameters : null;
    }

    /**
     * How specific the route is, for choosing among matches as API Gateway does: segment by
     * segment a literal beats a parameter, which beats a greedy one; then a method beats ANY;
     * {@code $default} comes last. Smaller is more specific.
     */
    public List<Integer> specificity() {
        List<Integer> rank = new ArrayList<>();
        if (isDefault()) {
            rank.add(9);
            return rank;
        }
        for (String part : segments(path)) {
            rank.add(part.endsWith("+}") ? 2 : part.startsWith("{") ? 1 : 0);
        }
        rank.add(3);
        rank.add(method.equals("ANY") ? 1 : 0);
        return rank;
    }

    static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** A path's segments after the leading slash: "/" is one empty segment, as "/x/" ends with one. */
    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= trimmed.length(); i++) {
            if (i == trimmed.length() || trimmed.charAt(i) == '/') {
                out.add(trimmed.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
