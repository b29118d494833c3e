package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads a request body as API Gateway delivers it: plain or base64-encoded (as it sends form posts
 * and other bodies it does not treat as text), bounded in size, and decoded as strict UTF-8.
 */
public final class RequestBodies {
    /** The contract's limit for bodies that carry personal data. */
    public static final int MAX_BYTES = 8 * 1024;

    /** The two media types the public write routes accept. */
    public enum Type {
        JSON, FORM
    }

    /** The body is larger than allowed. */
    public static final class TooLargeException extends RuntimeException {
        public TooLargeException() {
            super("body too large", null, false, false);
        }
    }

    /** The body is not valid base64 or not valid UTF-8. Carries no detail, which would quote it. */
    public static final class MalformedBodyException extends IllegalArgumentException {
        public MalformedBodyException() {
            super("malformed body");
        }
    }

    private RequestBodies() {
    }

    /**
     * The body's type from {@code Content-Type}, or null for anything else (415): another media
     * type, none at all, or a charset other than UTF-8.
     */
    public static Type type(APIGatewayV2HTTPEvent event) {
        String header = Requests.header(event, "Content-Type");
        if (header == null) {
            return null;
        }
        String[] parts = header.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return null;
                }
            }
        }
        switch (media) {
            case "application/json":
                return Type.JSON;
            case "application/x-www-form-urlencoded":
                return Type.FORM;
            default:
                return null;
        }
    }

    /**
     * The body as text ("" when there is none).
     *
     * @throws TooLargeException     when the decoded body is over {@code maxBytes}
     * @throws MalformedBodyException when it is not valid base64 or UTF-8
     */
    public static String text(APIGatewayV2HTTPEvent event, int maxBytes) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return "";
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            // Refuse before decoding: four base64 characters carry three bytes.
            if ((long) body.length() / 4 * 3 > maxBytes + 3L) {
                throw new TooLargeException();
            }
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new MalformedBodyException();
            }
        } else {
            if (body.length() > maxBytes) { // a char is at least one UTF-8 byte
                throw new TooLargeException();
            }
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBytes) {
            throw new TooLargeException();
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException();
        }
    }
}
