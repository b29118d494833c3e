package org.peersupport.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
import org.peersupport.shared.Log;

/**
 * The IAM principal API Gateway's AWS_IAM authorizer verified, from
 * {@code requestContext.authorizer.iam.userArn}. Staff handlers check it before anything else: the
 * template puts every {@code /staff} route behind AWS_IAM, and this guards against a future
 * template mistake that would leave one open (no principal: 403, no data read).
 */
public final class StaffPrincipal {
    private static final int MAX_ARN_LENGTH = 2048;

    private StaffPrincipal() {
    }

    /** The caller's principal ARN, or null when the request carries no verified IAM principal. */
    public static String of(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null
                || event.getRequestContext().getAuthorizer() == null
                || event.getRequestContext().getAuthorizer().getIam() == null) {
            return null;
        }
        String arn = event.getRequestContext().getAuthorizer().getIam().getUserArn();
        if (arn == null || !arn.startsWith("arn:") || arn.length() > MAX_ARN_LENGTH
                || !org.peersupport.shared.json.Text.isClean(arn, false)) {
            return null;
        }
        return arn;
    }

    /**
     * A staff route's frame: with no verified principal, 403 before anything is read; otherwise
     * {@code work} with the principal's ARN, inside {@link Guard}.
     */
    public static APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, String name,
                                                 Function<String, APIGatewayV2HTTPResponse> work) {
        String principal = of(event);
        if (principal == null) {
            return forbidden(event);
        }
        return Guard.respond(event, name, () -> work.apply(principal));
    }

    /** The 403 {@code forbidden} for a request with no principal, logged by route and request id only. */
    public static APIGatewayV2HTTPResponse forbidden(APIGatewayV2HTTPEvent event) {
        Log.warn("staff.forbidden_no_principal", "route", event.getRouteKey(), "requestId", Requests.requestId(event));
        return Responses.error(ErrorCode.FORBIDDEN);
    }
}
