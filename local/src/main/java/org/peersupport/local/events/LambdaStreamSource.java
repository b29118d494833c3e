package org.peersupport.local.events;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;
import org.peersupport.testkit.StreamEventSource;

/**
 * A {@code DynamoDB} event: the testkit's emulation of Lambda's event source mapping
 * ({@link StreamEventSource}: filters, batches, partial batch responses, bisecting, retries, the
 * on-failure queue), invoking the function from its jar as Lambda would. A function error, timeout
 * or oversized result is an invocation error to the mapping, which retries as Lambda does.
 */
final class LambdaStreamSource implements EventSource {
    /** Lambda polls a stream's shards about four times a second. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final LambdaFunction function;
    private final String eventName;
    private final StreamEventSource mapping;

    private LambdaStreamSource(LambdaFunction function, String eventName, StreamEventSource mapping) {
        this.function = function;
        this.eventName = eventName;
        this.mapping = mapping;
    }

    static EventSource create(EventSources.Context context, LambdaFunction function, String name, Map<String, Object> properties) {
        if ("false".equalsIgnoreCase(String.valueOf(properties.getOrDefault("Enabled", "true")))) {
            Log.info("local.stream.disabled", "function", function.logicalId(), "event", name);
            return null;
        }
        RequestStreamHandler handler = (in, out, ignoredContext) -> {
            try {
                out.write(function.invoke(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            } catch (FunctionError e) {
                throw new IllegalStateException(e.kind() + " in " + function.logicalId(), e);
            }
        };
        return new LambdaStreamSource(function, name,
                StreamEventSource.fromTemplate(context.deployment(), function.logicalId(), name, handler));
    }

    @Override
    public void start() {
        mapping.start(POLL_INTERVAL);
    }

    @Override
    public String describe() {
        StreamEventSource.Settings s = mapping.settings();
        return function.logicalId() + "." + eventName + ": stream of " + s.streamArn().replaceAll(".*:table/([^/]+)/.*", "$1")
                + " (batch " + s.batchSize() + (s.maximumRetryAttempts() >= 0 ? ", " + s.maximumRetryAttempts() + " retries" : "")
                + (s.onFailureQueueUrl() != null ? ", on failure to " + s.onFailureQueueUrl().replaceAll(".*/", "") : "") + ")";
    }

    @Override
    public void close() {
        mapping.close();
    }
}
