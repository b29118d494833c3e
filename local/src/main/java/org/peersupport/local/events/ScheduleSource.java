package org.peersupport.local.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;

/**
 * A {@code Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler) event:
 * invokes the function at the expression's rate with the event EventBridge would send (the
 * "Scheduled Event" for a rule, {@code {}} from Scheduler) or the event's {@code Input}. Like
 * Lambda's asynchronous invocation, a failed run is retried twice, a minute and then two minutes
 * later; a schedule does not wait for one run to finish before the next is due.
 */
public final class ScheduleSource implements EventSource {
    static final Duration[] RETRY_DELAYS = {Duration.ofMinutes(1), Duration.ofMinutes(2)};

    private final LambdaFunction function;
    private final String eventName;
    private final ScheduleExpression expression;
    private final ZoneId zone;
    private final String input;
    private final boolean rule;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Duration[] retryDelays;
    private ScheduledExecutorService timer;

    public ScheduleSource(LambdaFunction function, String eventName, ScheduleExpression expression, ZoneId zone,
                          String input, boolean rule, String region, String accountId, Clock clock, Duration[] retryDelays) {
        this.function = function;
        this.eventName = eventName;
        this.expression = expression;
        this.zone = zone;
        this.input = input;
        this.rule = rule;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.retryDelays = retryDelays.clone();
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "schedule-" + function.logicalId() + "-" + eventName);
            thread.setDaemon(true);
            return thread;
        });
        scheduleNext(ZonedDateTime.now(clock.withZone(zone)));
    }

    private synchronized void scheduleNext(ZonedDateTime after) {
        if (timer == null || timer.isShutdown()) {
            return;
        }
        ZonedDateTime next = expression.next(after);
        long delay = Math.max(0, Duration.between(ZonedDateTime.now(clock.withZone(zone)), next).toMillis());
        timer.schedule(() -> {
            scheduleNext(next);
            fire(next.toInstant(), 0);
        }, delay, TimeUnit.MILLISECONDS);
    }

    public LambdaFunction function() {
        return function;
    }

    /**
     * Invokes the function once now with the event of a run at {@code scheduledTime}, and returns
     * its result ({@code POST /_local/schedules/...}): no retry, the caller sees the failure.
     */
    public String invokeAt(Instant scheduledTime) throws FunctionError {
        String result = function.invoke(event(scheduledTime));
        Log.info("local.schedule.played", "function", function.logicalId(), "event", eventName);
        return result;
    }

    /** Invokes the function once now (also used by tests), retried as Lambda retries an asynchronous invocation. */
    public void fire(Instant scheduledTime, int attempt) {
        String event = event(scheduledTime);
        try {
            function.invoke(event);
            Log.info("local.schedule.ran", "function", function.logicalId(), "event", eventName, "attempt", attempt + 1);
        } catch (FunctionError e) {
            if (attempt < retryDelays.length) {
                Log.warn("local.schedule.retry", "function", function.logicalId(), "event", eventName, "attempt", attempt + 1,
                        "kind", e.kind().name());
                synchronized (this) {
                    if (timer != null && !timer.isShutdown()) {
                        timer.schedule(() -> fire(scheduledTime, attempt + 1), retryDelays[attempt].toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            } else {
                Log.warn("local.schedule.dropped", "function", function.logicalId(), "event", eventName, "attempts", attempt + 1);
            }
        }
    }

    /** The event the function receives for a run at {@code scheduledTime}. */
    String event(Instant scheduledTime) {
        if (input != null) {
            return input;
        }
        if (!rule) {
            return "{}";
        }
        String time = DateTimeFormatter.ISO_INSTANT.format(scheduledTime.atOffset(ZoneOffset.UTC).withNano(0).toInstant());
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"" + accountId + "\",\"time\":\"" + time + "\","
                + "\"region\":\"" + region + "\",\"resources\":[\"arn:aws:events:" + region + ":" + accountId + ":rule/"
                + function.functionName() + "-" + eventName + "\"],\"detail\":{}}";
    }

    @Override
    public String describe() {
        return function.logicalId() + "." + eventName + ": " + expression + (zone.equals(ZoneOffset.UTC) ? "" : " (" + zone + ")");
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
