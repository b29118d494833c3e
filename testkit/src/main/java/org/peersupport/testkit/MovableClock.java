package org.peersupport.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock a test moves: meeting ends, rate-limit windows, retention. */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final Duration step;

    /** A clock that reads {@code now}, which the test may set as it goes. */
    public MovableClock(AtomicReference<Instant> now) {
        this(now, Duration.ZERO);
    }

    private MovableClock(AtomicReference<Instant> now, Duration step) {
        this.now = now;
        this.step = step;
    }

    /** A clock that moves {@code step} further on every reading, from {@code start}. */
    public static MovableClock stepping(Instant start, Duration step) {
        return new MovableClock(new AtomicReference<>(start), step);
    }

    public MovableClock(Instant start) {
        this(new AtomicReference<>(start));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return step.isZero() ? now.get() : now.getAndUpdate(instant -> instant.plus(step));
    }
}
