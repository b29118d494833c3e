package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** Reads what API Gateway put in a payload 2.0 event. */
public final class Requests {
    private Requests() {
    }

    /** A header by name, ignoring case (API Gateway lower-cases them; other callers may not). */
    public static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Map.of() : query;
    }

    public static String pathParameter(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> path = event.getPathParameters();
        return path == null ? null : path.get(name);
    }

    public static String requestId(APIGatewayV2HTTPEvent event) {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }
}
