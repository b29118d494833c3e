package org.peersupport.shared.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.peersupport.shared.json.Json;

/**
 * Opaque page cursors: base64url (no padding) of a small JSON object of strings. Decoding is
 * strict (alphabet, length, exactly the expected fields, all strings); callers validate the
 * values themselves. A cursor that fails any check is {@link InvalidCursorException}, which
 * handlers answer with a calm 400 that does not repeat it.
 */
public final class Cursors {
    public static final int MAX_LENGTH = 2048;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

    private Cursors() {
    }

    /** The cursor is not one this API issued for this request. */
    public static final class InvalidCursorException extends IllegalArgumentException {
        public InvalidCursorException() {
            super("invalid cursor");
        }
    }

    public static String encode(Map<String, String> fields) {
        String json = Json.write(out -> {
            out.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                out.writeStringField(field.getKey(), field.getValue());
            }
            out.writeEndObject();
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's fields, exactly {@code expected}, each a string. */
    public static Map<String, String> decode(String cursor, Set<String> expected) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH || !BASE64URL.matcher(cursor).matches()) {
            throw new InvalidCursorException();
        }
        Map<String, Object> parsed;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(cursor)) {
                throw new InvalidCursorException(); // non-canonical: not one we wrote
            }
            parsed = Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
        if (!parsed.keySet().equals(expected)) {
            throw new InvalidCursorException();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : parsed.entrySet()) {
            if (!(field.getValue() instanceof String s)) {
                throw new InvalidCursorException();
            }
            fields.put(field.getKey(), s);
        }
        return fields;
    }
}
