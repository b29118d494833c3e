package org.peersupport.testkit;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions against a local deployment: {@code Ref} to
 * parameters, pseudo parameters and resources, {@code Fn::GetAtt}, {@code Fn::Sub},
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If} and conditions.
 */
public final class Intrinsics {
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private final StackTemplate template;
    private final Map<String, Object> parameters;
    private final Map<String, String> pseudo;
    private final Map<String, String> refs = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();

    public Intrinsics(StackTemplate template, Map<String, Object> parameters, Map<String, String> pseudo) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
    }

    /** What {@code Ref} to a resource gives (a table's name, a queue's URL...). */
    public void setRef(String logicalId, String value) {
        refs.put(logicalId, value);
    }

    /** What {@code Fn::GetAtt logicalId.attribute} gives. */
    public void setAttribute(String logicalId, String attribute, String value) {
        attributes.put(logicalId + "." + attribute, value);
    }

    /** Every resource's {@code Ref} value set so far, by logical id. */
    public Map<String, String> refs() {
        return java.util.Collections.unmodifiableMap(refs);
    }

    /** Every {@code Fn::GetAtt} value set so far, by {@code logicalId.attribute}. */
    public Map<String, String> attributes() {
        return java.util.Collections.unmodifiableMap(attributes);
    }

    public Object parameter(String name) {
        return parameters.get(name);
    }

    public String pseudo(String name) {
        return pseudo.get(name);
    }

    /** A value with every intrinsic evaluated; strings, lists and maps come back as such. */
    public Object resolve(Object value) {
        Map<String, Object> map = map(value);
        if (map.size() == 1) {
            String key = map.keySet().iterator().next();
            Object arg = map.get(key);
            switch (key) {
                case "Ref":
                    return ref((String) arg);
                case "Fn::GetAtt": {
                    List<Object> parts = list(arg);
                    return attribute(parts.get(0) + "." + parts.get(1));
                }
                case "Fn::Sub":
                    return sub(arg);
                case "Fn::Join": {
                    List<Object> parts = list(arg);
                    List<String> items = new ArrayList<>();
                    for (Object item : asList(resolve(parts.get(1)))) {
                        items.add(String.valueOf(resolve(item)));
                    }
                    return String.join((String) parts.get(0), items);
                }
                case "Fn::Select": {
                    List<Object> parts = list(arg);
                    int index = Integer.parseInt(String.valueOf(resolve(parts.get(0))));
                    return resolve(asList(resolve(parts.get(1))).get(index));
                }
                case "Fn::Split": {
                    List<Object> parts = list(arg);
                    return List.of(((String) resolve(parts.get(1))).split(Pattern.quote((String) parts.get(0)), -1));
                }
                case "Fn::If": {
                    List<Object> parts = list(arg);
                    return resolve(condition((String) parts.get(0)) ? parts.get(1) : parts.get(2));
                }
                default:
                    break;
            }
        }
        if (value instanceof Map) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolve(v)));
            return out;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : list(value)) {
                Object resolved = resolve(item);
                if (!isNoValue(resolved)) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    public String resolveString(Object value) {
        Object resolved = resolve(value);
        return resolved == null ? null : String.valueOf(resolved);
    }

    public boolean condition(String name) {
        return truth(map(template.conditions()).get(name));
    }

    private boolean truth(Object expression) {
        Map<String, Object> map = map(expression);
        String key = map.keySet().iterator().next();
        List<Object> args = list(map.get(key));
        switch (key) {
            case "Fn::Equals":
                return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            case "Fn::Not":
                return !truth(args.get(0));
            case "Fn::And":
                return args.stream().allMatch(this::truth);
            case "Fn::Or":
                return args.stream().anyMatch(this::truth);
            case "Condition":
                return condition((String) map.get(key));
            default:
                throw new IllegalArgumentException("Unsupported condition " + key);
        }
    }

    private Object ref(String name) {
        if (name.startsWith("AWS::")) {
            if (name.equals("AWS::NoValue")) {
                return NO_VALUE;
            }
            return require(pseudo.get(name), name);
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return require(refs.get(name), name);
    }

    private String attribute(String name) {
        return require(attributes.get(name), name);
    }

    private String sub(Object arg) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (arg instanceof List) {
            text = (String) list(arg).get(0);
            map(list(arg).get(1)).forEach((k, v) -> variables.put(k, resolve(v)));
        } else {
            text = (String) arg;
        }
        Matcher matcher = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Object value = variables.containsKey(name) ? variables.get(name)
                    : name.contains(".") && !name.startsWith("AWS::") ? attribute(name) : ref(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private static final Object NO_VALUE = new Object();

    public static boolean isNoValue(Object value) {
        return value == NO_VALUE;
    }

    private static List<Object> asList(Object value) {
        return list(value);
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalStateException("Nothing local for " + name + " in template.yaml");
        }
        return value;
    }
}
