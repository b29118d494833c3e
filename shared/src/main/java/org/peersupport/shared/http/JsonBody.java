package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.json.MalformedJsonException;

/**
 * A staff route's JSON object body, or the contract's answer for one that cannot be read: 413 over
 * the size, 415 for another media type, 400 for anything that is not a JSON object (and for no
 * body where one is required). Exactly one of {@code fields} and {@code error} is set.
 */
public record JsonBody(Map<String, Object> fields, APIGatewayV2HTTPResponse error) {
    private static final String NOT_AN_OBJECT = "The body must be a JSON object.";

    public static JsonBody read(APIGatewayV2HTTPEvent event, int maxBytes, boolean required) {
        String raw;
        try {
            raw = RequestBodies.text(event, maxBytes);
        } catch (RequestBodies.TooLargeException e) {
            return new JsonBody(null, Responses.error(ErrorCode.PAYLOAD_TOO_LARGE));
        } catch (RequestBodies.MalformedBodyException e) {
            return new JsonBody(null, Responses.error(ErrorCode.INVALID_REQUEST, NOT_AN_OBJECT, Map.of()));
        }
        if (raw.isBlank()) {
            return required
                    ? new JsonBody(null, Responses.error(ErrorCode.INVALID_REQUEST, NOT_AN_OBJECT, Map.of()))
                    : new JsonBody(Map.of(), null);
        }
        if (RequestBodies.type(event) != RequestBodies.Type.JSON) {
            return new JsonBody(null, Responses.error(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Please send JSON.", Map.of()));
        }
        try {
            return new JsonBody(Json.parseObject(raw), null);
        } catch (MalformedJsonException e) {
            return new JsonBody(null, Responses.error(ErrorCode.INVALID_REQUEST, NOT_AN_OBJECT, Map.of()));
        }
    }
}
