package org.peersupport.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.json.Json;

/**
 * Lambda event filtering (an event source mapping's {@code FilterCriteria}), for the patterns
 * this stack uses: nested objects, lists of exact strings or numbers, {@code prefix},
 * {@code exists} and {@code anything-but}. A record passes if any filter matches; a pattern with
 * an operator outside that set is refused, so a local run never silently filters differently
 * from Lambda.
 */
public final class EventFilter {
    private final List<Map<String, Object>> patterns;

    private EventFilter(List<Map<String, Object>> patterns) {
        this.patterns = patterns;
    }

    /** No filter: every record passes. */
    public static EventFilter none() {
        return new EventFilter(List.of());
    }

    /** From the {@code Pattern} strings of {@code FilterCriteria.Filters}. */
    public static EventFilter of(List<String> patterns) {
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (String pattern : patterns) {
            Map<String, Object> map = Json.parseObject(pattern);
            check(map);
            parsed.add(map);
        }
        return new EventFilter(parsed);
    }

    public boolean matches(Map<String, Object> record) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (Map<String, Object> pattern : patterns) {
            if (matches(pattern, record)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> pattern, Map<String, Object> value) {
        for (Map.Entry<String, Object> entry : pattern.entrySet()) {
            Object actual = value == null ? null : value.get(entry.getKey());
            if (entry.getValue() instanceof Map) {
                if (!(actual instanceof Map) || !matches((Map<String, Object>) entry.getValue(), (Map<String, Object>) actual)) {
                    return false;
                }
            } else if (!anyMatches((List<Object>) entry.getValue(), actual)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static boolean anyMatches(List<Object> conditions, Object actual) {
        for (Object condition : conditions) {
            if (condition instanceof Map) {
                Map<String, Object> operator = (Map<String, Object>) condition;
                String name = operator.keySet().iterator().next();
                Object argument = operator.get(name);
                boolean hit = switch (name) {
                    case "prefix" -> actual instanceof String s && s.startsWith((String) argument);
                    case "exists" -> (actual != null) == Boolean.TRUE.equals(argument);
                    case "anything-but" -> actual != null && !(argument instanceof List
                            ? ((List<Object>) argument).stream().anyMatch(a -> same(a, actual)) : same(argument, actual));
                    default -> throw new IllegalStateException("unsupported filter operator " + name);
                };
                if (hit) {
                    return true;
                }
            } else if (actual != null && same(condition, actual)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Number && actual instanceof Number) {
            return new BigDecimal(expected.toString()).compareTo(new BigDecimal(actual.toString())) == 0;
        }
        return expected.equals(actual);
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> pattern) {
        for (Object value : pattern.values()) {
            if (value instanceof Map) {
                check((Map<String, Object>) value);
            } else if (value instanceof List) {
                for (Object condition : (List<Object>) value) {
                    if (condition instanceof Map<?, ?> operator) {
                        if (operator.size() != 1 || !List.of("prefix", "exists", "anything-but")
                                .contains(operator.keySet().iterator().next())) {
                            throw new IllegalStateException("unsupported filter operator " + operator.keySet());
                        }
                    }
                }
            } else {
                throw new IllegalStateException("a filter pattern's leaves must be lists");
            }
        }
    }
}
