package org.peersupport.local.events;

import static org.peersupport.testkit.StackTemplate.map;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;
import org.peersupport.testkit.LocalDeployment;

/**
 * The functions' non-HTTP {@code Events} in template.yaml, each turned into an {@link EventSource}
 * by the emulation registered for its {@code Type}. {@code HttpApi} events are the gateway's; an
 * event type nothing emulates is reported at start-up, not silently dropped.
 */
public final class EventSources {
    /** Builds the emulation of one event; {@code properties} have every intrinsic resolved. */
    @FunctionalInterface
    public interface Factory {
        EventSource create(Context context, LambdaFunction function, String eventName, Map<String, Object> properties);
    }

    /** What an emulation may use: the deployment (endpoint, region, resources) and a clock. */
    public record Context(LocalDeployment deployment, Clock clock) {
        public String region() {
            return deployment.region().id();
        }
    }

    private static final Map<String, Factory> TYPES = new LinkedHashMap<>();

    static {
        register("Schedule", EventSources::schedule);
        register("ScheduleV2", EventSources::schedule);
        register("DynamoDB", LambdaStreamSource::create);
        register("SNS", SnsSubscription::create);
    }

    private EventSources() {
    }

    /** Adds (or replaces) the emulation of an event type. */
    public static synchronized void register(String type, Factory factory) {
        TYPES.put(type, factory);
    }

    public static synchronized List<EventSource> from(Context context, Map<String, LambdaFunction> functions) {
        List<EventSource> sources = new ArrayList<>();
        var template = context.deployment().template();
        for (String id : template.ofType("AWS::Serverless::Function")) {
            Map<String, Object> events = map(template.properties(id).get("Events"));
            for (Map.Entry<String, Object> entry : events.entrySet()) {
                Map<String, Object> event = map(entry.getValue());
                String type = String.valueOf(event.get("Type"));
                if (type.equals("HttpApi")) {
                    continue;
                }
                Factory factory = TYPES.get(type);
                if (factory == null) {
                    Log.warn("local.event.notEmulated", "function", id, "event", entry.getKey(), "type", type);
                    continue;
                }
                Map<String, Object> properties = map(context.deployment().intrinsics().resolve(event.get("Properties")));
                EventSource source = factory.create(context, functions.get(id), entry.getKey(), properties);
                if (source != null) {
                    sources.add(source);
                }
            }
        }
        return sources;
    }

    private static EventSource schedule(Context context, LambdaFunction function, String name, Map<String, Object> p) {
        boolean rule = !p.containsKey("ScheduleExpression");
        String expression = String.valueOf(rule ? p.get("Schedule") : p.get("ScheduleExpression"));
        boolean enabled = rule ? !"false".equalsIgnoreCase(String.valueOf(p.getOrDefault("Enabled", "true")))
                && !"DISABLED".equals(p.get("State"))
                : !"DISABLED".equals(p.get("State"));
        if (!enabled) {
            Log.info("local.schedule.disabled", "function", function.logicalId(), "event", name);
            return null;
        }
        Object timezone = p.get("ScheduleExpressionTimezone");
        ZoneId zone = timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone.toString());
        Object input = p.get("Input");
        ScheduleExpression parsed;
        try {
            parsed = ScheduleExpression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(function.logicalId() + "." + name + ": " + e.getMessage(), e);
        }
        return new ScheduleSource(function, name, parsed, zone,
                input == null ? null : input.toString(), rule, context.region(), LocalDeployment.ACCOUNT_ID,
                context.clock(), ScheduleSource.RETRY_DELAYS);
    }
}
