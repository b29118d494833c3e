package org.peersupport.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock a test moves: meeting ends, rate-limit windows, retention. */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** A clock that reads {@code now}, which the test may set as it goes. */
    public MovableClock(AtomicReference<Instant> now) {
        this.now = now;
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
        return now.get();
    }
}
