package io.cryptopipe.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test clock in UTC that moves only as told: by a fixed step every time it is read (so each request to a
 * simulator sees a later market), and by {@link #advance} (so a sleeper can run on it). Thread-safe. Shared with the
 * other modules' tests through core's test jar.
 */
public final class SteppingClock extends Clock {
    private final AtomicLong millis;
    private final long stepMillis;

    /** A clock that advances {@code stepPerRead} on every read; {@link Duration#ZERO} for one that stands still. */
    public SteppingClock(Instant start, Duration stepPerRead) {
        this.millis = new AtomicLong(start.toEpochMilli());
        this.stepMillis = stepPerRead.toMillis();
    }

    /** Moves the clock forward, e.g. from a test's {@code Sleeper}. */
    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return millis.getAndAdd(stepMillis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("test clocks are UTC");
    }
}
