package io.cryptopipe.simulator;

import java.time.Clock;

/**
 * Simulated time: starts at the base clock's time and runs {@code speed} times as fast. Response timestamps and
 * every market value derive from it.
 */
final class SimClock {
    private final Clock base;
    private final long startMillis;
    private final double speed;

    SimClock(Clock base, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        this.base = base;
        this.startMillis = base.millis();
        this.speed = speed;
    }

    /** Simulated epoch milliseconds now. */
    long millis() {
        long elapsed = base.millis() - startMillis;
        return startMillis + (long) (elapsed * speed);
    }
}
