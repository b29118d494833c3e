package org.peersupport.testkit.calls;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The top-level attribute names a DynamoDB expression uses (projection, key condition, filter,
 * condition or update expression; DynamoDB Developer Guide, "Using expressions in DynamoDB"):
 * names and {@code #placeholders} (through {@code ExpressionAttributeNames}) that start a document
 * path, but not {@code :values}, functions, keywords, or the map keys and list indexes after the
 * first element of a path ({@code places.#day} names the attribute {@code places}).
 */
final class ExpressionNames {
    private static final Set<String> WORDS = Set.of("and", "or", "not", "between", "in", "set", "remove", "add",
            "delete");

    private ExpressionNames() {
    }

    static Set<String> of(String expression, Map<String, String> placeholders) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        char previous = ' ';
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '#' || Character.isLetter(c) || c == '_') {
                int start = i;
                i++;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_'
                        || expression.charAt(i) == '-')) {
                    i++;
                }
                String token = expression.substring(start, i);
                int next = i;
                while (next < expression.length() && expression.charAt(next) == ' ') {
                    next++;
                }
                boolean function = next < expression.length() && expression.charAt(next) == '(';
                boolean nested = previous == '.';
                if (!function && !nested && !WORDS.contains(token.toLowerCase(Locale.ROOT))) {
                    if (token.startsWith("#")) {
                        String name = placeholders.get(token);
                        if (name == null) {
                            throw new IllegalStateException("expression placeholder " + token + " is not in ExpressionAttributeNames");
                        }
                        names.add(name);
                    } else {
                        names.add(token);
                    }
                }
                previous = 'a';
                continue;
            }
            if (c == ':') {
                i++;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i)) || expression.charAt(i) == '_')) {
                    i++;
                }
                previous = 'a';
                continue;
            }
            if (c != ' ') {
                previous = c;
            }
            if (c == '[') {
                // a list index: skip to the closing bracket
                while (i < expression.length() && expression.charAt(i) != ']') {
                    i++;
                }
                previous = 'a';
            }
            i++;
        }
        return names;
    }
}
