package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import java.util.regex.Pattern;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.json.MalformedJsonException;

/**
 * The token of a link an email carries (confirm, withdraw), as its page's button posts it back:
 * a form field {@code token} (with the page's {@code language}), or a JSON body that is exactly
 * {@code {"token": T}}. Only the shape {@code PersonalKeys.newToken()} makes is ever looked up;
 * anything else is treated as an unknown token.
 */
public final class LinkToken {
    /** What {@code PersonalKeys.newToken()} makes: 256 bits, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** What was posted: the token if it is well formed (else null), and the language the page asked for. */
    public record Posted(String token, String language) {
    }

    /** A JSON body that is not exactly {@code {"token": T}}. */
    public static final class WrongShapeException extends Exception {
        public WrongShapeException() {
            super(null, null, false, false);
        }
    }

    private LinkToken() {
    }

    public static boolean isWellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /**
     * @param language the language so far (a form's {@code language} field replaces it when supported)
     */
    public static Posted read(APIGatewayV2HTTPEvent event, boolean form, String language)
            throws RequestBodies.TooLargeException, RequestBodies.MalformedBodyException, MalformedJsonException,
            WrongShapeException {
        String body = RequestBodies.text(event, RequestBodies.MAX_BYTES);
        String token;
        if (form) {
            FormData data = FormData.parse(body);
            String chosen = data.first("language");
            language = Languages.isSupported(chosen) ? chosen : language;
            token = data.isRepeated("token") ? null : data.first("token");
        } else {
            Map<String, Object> json = Json.parseObject(body);
            if (!(json.get("token") instanceof String) || json.size() != 1) {
                throw new WrongShapeException();
            }
            token = (String) json.get("token");
        }
        return new Posted(isWellFormed(token) ? token : null, language);
    }

    /** The 400 for a JSON body of another shape, naming the link the token comes from ("confirm", "withdraw"). */
    public static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse wrongShape(String link) {
        return Responses.error(ErrorCode.INVALID_REQUEST, "Send the token from the " + link + " link, and nothing else.",
                Map.of("token", "Copy the token from the " + link + " link."));
    }
}
