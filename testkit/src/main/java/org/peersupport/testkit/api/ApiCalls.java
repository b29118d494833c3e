package org.peersupport.testkit.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.peersupport.testkit.StackTemplate;

/**
 * The two places the tests hold exchanges to {@code openapi.yaml}. {@link #handle} is how a test
 * invokes a function's handler with an API Gateway event: the pair is checked before the test
 * sees the response. {@link #check} takes an exchange seen elsewhere (the local gateway, which
 * the local server's tests observe). Only the template's routes are checked and counted: a test
 * that makes up a route to see a handler refuse it is asking something API Gateway would never
 * deliver.
 *
 * <p>An exchange the document does not describe fails the test that made it: at once, on the
 * test's own thread; otherwise when the test ends ({@link ApiContractExtension}). Either way the
 * failure is also written down for the suite's tally ({@link ApiCoverage}).
 */
public final class ApiCalls {
    private ApiCalls() {
    }

    /** Invokes the handler, checks the request and response against the document, and returns the response. */
    public static <H extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> APIGatewayV2HTTPResponse handle(
            H handler, APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
        ApiExchange exchange = response == null ? null : ApiExchange.of(event, response);
        boolean onTestThread = ApiCoverage.onTestThread();
        String failure = exchange == null ? null : check(exchange, onTestThread);
        if (failure != null && onTestThread) {
            throw new AssertionError(failure);
        }
        return response;
    }

    /**
     * Checks and counts an exchange on a template route (others are ignored).
     *
     * @return the failure message when the document does not describe it, else null
     */
    public static String check(ApiExchange exchange) {
        return check(exchange, false);
    }

    private static String check(ApiExchange exchange, boolean thrownHere) {
        if (!TemplateRoutes.KEYS.contains(exchange.routeKey())) {
            return null;
        }
        List<String> differences;
        try {
            differences = ApiContract.repository().differences(exchange);
        } catch (AssertionError unreadable) {
            differences = List.of(unreadable.getMessage());
        }
        String failure = differences.isEmpty() ? null : ApiContract.describe(exchange, differences);
        ApiCoverage.checked(exchange.routeKey(), exchange.status(), failure, thrownHere);
        return failure;
    }

    private static final class TemplateRoutes {
        static final Set<String> KEYS = StackTemplate.load().routes().stream().map(StackTemplate.Route::routeKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
