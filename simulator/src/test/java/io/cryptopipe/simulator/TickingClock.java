package io.cryptopipe.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A test clock that moves forward by a fixed step each time it is read. */
final class TickingClock extends Clock {
    private final AtomicLong millis;
    private final long stepMillis;

    TickingClock(Instant start, Duration step) {
        this.millis = new AtomicLong(start.toEpochMilli());
        this.stepMillis = step.toMillis();
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
        throw new UnsupportedOperationException();
    }
}
