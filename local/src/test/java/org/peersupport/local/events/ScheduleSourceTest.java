package org.peersupport.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.peersupport.local.lambda.LambdaFunction;

/** Schedules invoke their function at the expression's times, with the event EventBridge sends. */
class ScheduleSourceTest {
    static final Instant STARTED = Instant.parse("2026-11-25T20:07:00Z");

    @Test
    void aRuleSchedule_invokesTheFunctionWithAScheduledEvent() throws Exception {
        LambdaFunction function = Recordings.function("org.peersupport.local.echo.RecordingHandler", Duration.ofSeconds(5));
        try (ScheduleSource source = new ScheduleSource(function, "Sweep", ScheduleExpression.parse("rate(1 minute)"),
                ZoneOffset.UTC, null, true, "us-east-1", "123456789012", new AMinuteLater(STARTED, ZoneOffset.UTC),
                ScheduleSource.RETRY_DELAYS)) {
            source.start();
            List<String> events = Recordings.await("RecordingHandler", 1, Duration.ofSeconds(10));
            assertEquals(1, events.size());
            JsonNode event = new ObjectMapper().readTree(events.get(0));
            assertEquals("Scheduled Event", event.path("detail-type").asText());
            assertEquals("aws.events", event.path("source").asText());
            assertEquals("2026-11-25T20:08:00Z", event.path("time").asText());
            assertEquals("123456789012", event.path("account").asText());
            assertTrue(event.path("resources").get(0).asText().startsWith("arn:aws:events:us-east-1:123456789012:rule/"));
        } finally {
            function.close();
        }
    }

    @Test
    void aFailedRun_isRetriedTwiceLikeAnAsynchronousInvocation_thenDropped() throws Exception {
        LambdaFunction function = Recordings.function("org.peersupport.local.echo.RecordingHandler$Failing", Duration.ofSeconds(5));
        Duration[] quickRetries = {Duration.ofMillis(100), Duration.ofMillis(100)};
        try (ScheduleSource source = new ScheduleSource(function, "Sweep", ScheduleExpression.parse("rate(1 minute)"),
                ZoneOffset.UTC, "{\"input\":true}", true, "us-east-1", "123456789012", new AMinuteLater(STARTED, ZoneOffset.UTC),
                quickRetries)) {
            source.start();
            assertEquals(3, Recordings.await("Failing", 3, Duration.ofSeconds(30)).size(), "one run and two retries");
            List<String> events = Recordings.await("Failing", 4, Duration.ofSeconds(1)); // a third retry would follow in 100 ms
            assertEquals(3, events.size(), "then dropped");
            assertEquals("{\"input\":true}", events.get(2), "the event's Input replaces the scheduled event");
        } finally {
            function.close();
        }
    }

    /**
     * Reads {@code started} once, when the schedule starts (so {@code rate(1 minute)} first runs at
     * 20:08:00 UTC), and 100 ms before that run ever after: the run fires once, almost at once.
     */
    private static final class AMinuteLater extends Clock {
        private final Instant started;
        private final ZoneId zone;
        private final AtomicBoolean read;

        AMinuteLater(Instant started, ZoneId zone) {
            this(started, zone, new AtomicBoolean());
        }

        private AMinuteLater(Instant started, ZoneId zone, AtomicBoolean read) {
            this.started = started;
            this.zone = zone;
            this.read = read;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new AMinuteLater(started, other, read);
        }

        @Override
        public Instant instant() {
            return read.getAndSet(true) ? started.plusSeconds(60).minusMillis(100) : started;
        }
    }
}
