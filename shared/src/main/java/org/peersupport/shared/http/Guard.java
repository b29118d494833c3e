package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Supplier;
import org.peersupport.shared.Log;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The frame every HTTP handler answers in: an AWS dependency failing is a 503 with
 * {@code Retry-After}, anything else unexpected an opaque 500. Either is logged as
 * {@code <name>.unavailable} or {@code <name>.failed} with the route and request id, and the
 * exception reduced by {@link Log} to its type and AWS error code — never the request.
 */
public final class Guard {
    private Guard() {
    }

    public static APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, String name,
                                                   Supplier<APIGatewayV2HTTPResponse> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            Log.error(name + ".unavailable", e, "route", event.getRouteKey(), "requestId", Requests.requestId(event));
            return Responses.error(ErrorCode.UNAVAILABLE);
        } catch (RuntimeException e) {
            Log.error(name + ".failed", e, "route", event.getRouteKey(), "requestId", Requests.requestId(event));
            return Responses.error(ErrorCode.INTERNAL_ERROR);
        }
    }
}
