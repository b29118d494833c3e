package org.peersupport.testkit.calls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's evaluation of identity-based policy statements, as far as a role's own policies go: an
 * explicit deny wins, else an allow whose action, resource and every condition match, else the
 * implicit deny. What it implements, and where IAM documents it (IAM User Guide):
 *
 * <ul>
 *   <li>Actions: {@code service:Action}, case-insensitive, with {@code *} and {@code ?} wildcards
 *       ("IAM JSON policy elements: Action").</li>
 *   <li>Resources: ARNs, case-sensitive, with {@code *} and {@code ?} wildcards within and across
 *       ARN segments ("IAM JSON policy elements: Resource").</li>
 *   <li>Conditions: every operator of a statement must hold, every key of an operator must hold,
 *       and a key holds when the request's value matches any of the policy's values; condition key
 *       names are case-insensitive ("Creating a condition with multiple keys or values").</li>
 *   <li>Operators {@code StringEquals}, {@code StringNotEquals}, {@code StringEqualsIgnoreCase},
 *       {@code StringLike}, {@code StringNotLike}, {@code ArnEquals}, {@code ArnLike}, {@code Bool},
 *       {@code Null}, each with {@code IfExists} (a key the request does not have matches) and
 *       without (it does not) ("IAM JSON policy elements: Condition operators").</li>
 *   <li>{@code ForAllValues:} holds when every value of the request's key matches some policy value,
 *       and also when the key is missing or empty; {@code ForAnyValue:} when at least one does
 *       ("Multivalued context keys").</li>
 * </ul>
 *
 * An operator it does not know fails the check with its name, rather than being guessed at.
 */
public final class IamPolicy {
    private IamPolicy() {
    }

    /** One request to authorize: an action on a resource, with the request's condition keys (names lower-cased). */
    public record Request(String action, String resource, Map<String, List<String>> context, String description) {
        public Request {
            Map<String, List<String>> lower = new LinkedHashMap<>();
            context.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            context = lower;
        }
    }

    /** A statement with every intrinsic resolved for one deployment. */
    public record Statement(Object source, String effect, List<String> actions, List<String> resources,
                            Map<String, Map<String, List<String>>> conditions) {
        public boolean allows() {
            return "Allow".equals(effect);
        }

        public boolean matchesActionAndResource(Request request) {
            return actions.stream().anyMatch(a -> actionMatches(a, request.action()))
                    && resources.stream().anyMatch(r -> resourceMatches(r, request.resource()));
        }
    }

    /** Why a statement's condition does not hold for a request, or null when every condition does. */
    public static String failedCondition(Statement statement, Request request) {
        for (Map.Entry<String, Map<String, List<String>>> operator : statement.conditions().entrySet()) {
            for (Map.Entry<String, List<String>> key : operator.getValue().entrySet()) {
                List<String> actual = request.context().get(key.getKey().toLowerCase(Locale.ROOT));
                if (!holds(operator.getKey(), key.getValue(), actual)) {
                    String condition = operator.getKey() + " " + key.getKey() + " " + key.getValue();
                    if (actual == null) {
                        return condition + " does not hold for a request without " + key.getKey();
                    }
                    if (operator.getKey().startsWith("ForAllValues:")) {
                        List<String> outside = actual.stream()
                                .filter(v -> !holds(operator.getKey(), key.getValue(), List.of(v))).toList();
                        return condition + " does not hold: the request's " + key.getKey() + " " + actual
                                + " include " + String.join(", ", outside) + ", which it does not list";
                    }
                    return condition + " does not hold for " + actual;
                }
            }
        }
        return null;
    }

    static boolean holds(String operator, List<String> policyValues, List<String> actual) {
        int colon = operator.indexOf(':');
        String set = colon > 0 ? operator.substring(0, colon) : null;
        if (set != null && !set.equals("ForAllValues") && !set.equals("ForAnyValue")) {
            throw new UnsupportedOperationException("condition set operator " + set);
        }
        String named = colon > 0 ? operator.substring(colon + 1) : operator;
        boolean ifExists = named.endsWith("IfExists");
        String op = ifExists ? named.substring(0, named.length() - "IfExists".length()) : named;
        if (op.equals("Null")) {
            boolean wantsAbsent = policyValues.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return wantsAbsent == (actual == null || actual.isEmpty());
        }
        boolean negated = op.equals("StringNotEquals") || op.equals("StringNotLike") || op.equals("ArnNotEquals")
                || op.equals("ArnNotLike");
        if ("ForAllValues".equals(set)) {
            if (actual == null || actual.isEmpty()) {
                return true;
            }
            return actual.stream().allMatch(value -> matchesAny(op, policyValues, value) != negated);
        }
        if ("ForAnyValue".equals(set)) {
            if (actual == null || actual.isEmpty()) {
                return false;
            }
            return actual.stream().anyMatch(value -> matchesAny(op, policyValues, value) != negated);
        }
        if (actual == null || actual.isEmpty()) {
            return ifExists;
        }
        if (negated) {
            return actual.stream().noneMatch(value -> matchesAny(op, policyValues, value));
        }
        return actual.stream().anyMatch(value -> matchesAny(op, policyValues, value));
    }

    /** Whether the request's {@code value} matches any of the policy's values under a (positive form of the) operator. */
    private static boolean matchesAny(String operator, List<String> policyValues, String value) {
        for (String wanted : policyValues) {
            boolean match = switch (operator) {
                case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> wanted.equals(value);
                case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> wanted.equalsIgnoreCase(value);
                case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" -> glob(wanted, false).matcher(value).matches();
                case "Bool" -> wanted.equalsIgnoreCase(value);
                default -> throw new UnsupportedOperationException("condition operator " + operator);
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    public static boolean actionMatches(String pattern, String action) {
        return glob(pattern, true).matcher(action).matches();
    }

    public static boolean resourceMatches(String pattern, String resource) {
        return glob(pattern, false).matcher(resource).matches();
    }

    private static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /** The values of a policy element that may be one value or a list. */
    public static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
