package org.peersupport.shared.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields from a parsed JSON object and collects one calm message per problem field.
 * Messages describe what is expected and never repeat what was sent.
 */
public final class Fields {
    private final Map<String, Object> source;
    private final String prefix;
    private final Map<String, String> errors;
    private final Set<String> read = new HashSet<>();

    public Fields(Map<String, Object> source) {
        this(source, "", new LinkedHashMap<>());
    }

    private Fields(Map<String, Object> source, String prefix, Map<String, String> errors) {
        this.source = source;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Field errors so far, by field path ({@code schedule.rrule}), in the order found. */
    public Map<String, String> errors() {
        return errors;
    }

    /** Whether this object (or, for the top level, anything) has a problem field. */
    public boolean hasErrors() {
        return errors.keySet().stream().anyMatch(field -> field.startsWith(prefix));
    }

    /** Records a problem with a field, keeping the first message for each. */
    public void error(String field, String message) {
        errors.putIfAbsent(prefix + field, message);
    }

    public boolean has(String field) {
        return source.get(field) != null;
    }

    /**
     * A trimmed string of 1..maxLength characters, without control characters unless
     * {@code multiline} (which allows line breaks and tabs only). Absent, null or blank gives
     * null, and an error when required.
     */
    public String text(String field, boolean required, int maxLength, boolean multiline, String message) {
        Object value = take(field);
        if (value == null || (value instanceof String s && s.isBlank())) {
            if (required) {
                error(field, message);
            }
            return null;
        }
        if (!(value instanceof String)) {
            error(field, message);
            return null;
        }
        String text = ((String) value).strip();
        if (text.codePointCount(0, text.length()) > maxLength || !Text.isClean(text, multiline)) {
            error(field, message);
            return null;
        }
        return text;
    }

    /** A whole number within [min, max]; absent or null gives null (an error when required). */
    public Integer integer(String field, boolean required, int min, int max, String message) {
        Object value = take(field);
        if (value == null) {
            if (required) {
                error(field, message);
            }
            return null;
        }
        Long number = null;
        if (value instanceof Long l) {
            number = l;
        } else if (value instanceof BigDecimal d) {
            try {
                number = d.longValueExact(); // 12.0 is a whole number; 12.5 is not
            } catch (ArithmeticException notWhole) {
                number = null;
            }
        }
        if (number == null || number < min || number > max) {
            error(field, message);
            return null;
        }
        return number.intValue();
    }

    /** A JSON boolean; absent or null gives {@code fallback}. */
    public boolean bool(String field, boolean fallback, String message) {
        Object value = take(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean)) {
            error(field, message);
            return fallback;
        }
        return (Boolean) value;
    }

    /** A list of non-blank strings, each checked by {@code itemMaxLength}; absent gives an empty list. */
    public List<String> texts(String field, int maxItems, int itemMaxLength, String message) {
        Object value = take(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > maxItems) {
            error(field, message);
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank() || s.strip().length() > itemMaxLength
                    || !Text.isClean(s, false)) {
                error(field, message);
                return List.of();
            }
            out.add(s.strip());
        }
        return out;
    }

    /** A nested object read with its own {@code Fields}, errors prefixed with {@code field.}. */
    @SuppressWarnings("unchecked")
    public Fields object(String field, boolean required, String message) {
        Object value = take(field);
        if (value instanceof Map) {
            return new Fields((Map<String, Object>) value, prefix + field + ".", errors);
        }
        if (value != null || required) {
            error(field, message);
        }
        return new Fields(Map.of(), prefix + field + ".", errors);
    }

    /** Marks fields as known without reading them (read-only fields a client may send back). */
    public void ignore(String... fields) {
        read.addAll(List.of(fields));
    }

    /** Reports every field that was not read as not allowed. */
    public void rejectUnknown() {
        for (String field : source.keySet()) {
            if (!read.contains(field)) {
                error(field, "This field is not accepted.");
            }
        }
    }

    private Object take(String field) {
        read.add(field);
        return source.get(field);
    }
}
