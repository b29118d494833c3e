package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Supplier;

/**
 * One fuzzed request through a handler over moto, as every such fuzz test runs it: the answer,
 * what the handler logged, how many DynamoDB writes it made (counted on the handler's own client),
 * and the check each test makes first — no 5xx for input the client controls. The one exception is
 * a 503 because moto outlasted the SDK's call timeouts (a long fuzzing session slows moto down as
 * its tables grow): that says nothing about the input, so it is reported as {@code slowEndpoint}
 * for the test to count rather than fail on.
 */
public record FuzzedCall(APIGatewayV2HTTPResponse response, String output, int written, boolean slowEndpoint) {

    /** {@code writes} may be null for a handler without a DynamoDB client: it then wrote nothing. */
    public static FuzzedCall run(Supplier<APIGatewayV2HTTPResponse> call, DynamoWrites writes) {
        int before = writes == null ? 0 : writes.count();
        Echoes.Captured<APIGatewayV2HTTPResponse> run = Echoes.capture(call);
        APIGatewayV2HTTPResponse response = run.result();
        int written = writes == null ? 0 : writes.count() - before;
        boolean slow = response.getStatusCode() == 503 && Echoes.endpointTimedOut(run.output());
        if (!slow) {
            assertTrue(response.getStatusCode() < 500, () -> "a 5xx for input the client controls: "
                    + response.getStatusCode() + "; the handler logged:\n" + run.output());
        }
        return new FuzzedCall(response, run.output(), written, slow);
    }
}
