package org.peersupport.exportsignups;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.peersupport.shared.http.Cursors;
import org.peersupport.shared.http.Cursors.InvalidCursorException;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the next page starts: the primary key of the last sign-up sent (or the last one DynamoDB
 * looked at), and a fingerprint of the filters, so a cursor cannot be carried over to another
 * query. It is not secret (the caller may export these rows anyway) but it is checked strictly:
 * only a key shaped like a sign-up's, for the filtered group, with a matching fingerprint, is used.
 */
final class ExportCursor {
    private static final Set<String> FIELDS = Set.of("pk", "sk", "f");
    private static final Pattern SIGNUP_SK = Pattern.compile(Pattern.quote(SignupKeys.signupSkPrefix()) + "[A-Za-z0-9_-]{1,128}");
    private static final String GROUP_PREFIX = SignupKeys.groupPk("");

    private ExportCursor() {
    }

    static String encode(Map<String, AttributeValue> key, ExportRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("pk", key.get("pk").s());
        fields.put("sk", key.get("sk").s());
        fields.put("f", fingerprint(request));
        return Cursors.encode(fields);
    }

    /** The DynamoDB start key the cursor names, or an exception for anything we did not issue for this query. */
    static Map<String, AttributeValue> decode(String cursor, ExportRequest request) {
        Map<String, String> fields = Cursors.decode(cursor, FIELDS);
        String pk = fields.get("pk");
        String sk = fields.get("sk");
        if (!fields.get("f").equals(fingerprint(request))
                || !pk.startsWith(GROUP_PREFIX) || !GroupInput.isValidId(pk.substring(GROUP_PREFIX.length()))
                || (request.groupId() != null && !pk.equals(SignupKeys.groupPk(request.groupId())))
                || !SIGNUP_SK.matcher(sk).matches()) {
            throw new InvalidCursorException();
        }
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    static String fingerprint(ExportRequest request) {
        StringBuilder text = new StringBuilder("export-v1");
        request.filters().forEach((name, value) -> text.append('|').append(name).append('=').append(value));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
