package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.Map;
import org.peersupport.shared.json.Json;

/** Builds API Gateway (payload 2.0) responses with the contract's headers. */
public final class Responses {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String NO_STORE = "no-store";
    /** Seconds a client should wait before retrying a 503. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private Responses() {
    }

    /** A JSON response with {@code Content-Type}, {@code X-Content-Type-Options} and {@code Cache-Control}. */
    public static APIGatewayV2HTTPResponse json(int status, String body, String cacheControl) {
        return with(status, JSON, body, cacheControl);
    }

    /** Any text response, with {@code X-Content-Type-Options: nosniff} and the given caching. */
    public static APIGatewayV2HTTPResponse with(int status, String contentType, String body, String cacheControl) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cache-Control", cacheControl);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    /** The contract's error body; messages are fixed texts, never anything the client sent. */
    public static APIGatewayV2HTTPResponse error(ErrorCode code) {
        return error(code, code.message(), Map.of());
    }

    public static APIGatewayV2HTTPResponse error(ErrorCode code, String message, Map<String, String> fields) {
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("code", code.code());
            json.writeStringField("message", message);
            if (!fields.isEmpty()) {
                json.writeObjectFieldStart("fields");
                for (Map.Entry<String, String> field : fields.entrySet()) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        });
        APIGatewayV2HTTPResponse response = json(code.status(), body, NO_STORE);
        return code == ErrorCode.UNAVAILABLE ? retryLater(response) : response;
    }

    /** {@code response} (a 503, as JSON or a page) telling the caller when to try again. */
    public static APIGatewayV2HTTPResponse retryLater(APIGatewayV2HTTPResponse response) {
        response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        return response;
    }

    /** 304 for a conditional GET whose tag still matches: no body, same validators. */
    public static APIGatewayV2HTTPResponse notModified(String etag, String cacheControl) {
        APIGatewayV2HTTPResponse response = with(304, null, "", cacheControl);
        response.getHeaders().put("ETag", etag);
        return response;
    }
}
