package io.cryptopipe.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves forward by a fixed step every time it is read: each simulator request sees a later market. */
final class SteppingClock extends Clock {
    private final AtomicLong millis;
    private final long step;

    SteppingClock(Instant start, Duration step) {
        this.millis = new AtomicLong(start.toEpochMilli());
        this.step = step.toMillis();
    }

    @Override
    public long millis() {
        return millis.getAndAdd(step);
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
