package io.cryptopipe.source;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket over requests per minute: CoinCap sends no rate-limit headers to pace by, so the client paces
 * itself below the documented limit instead of learning it from 429s. Tokens refill continuously; the bucket holds
 * at most one second's worth (at least one), so bursts stay short. Thread-safe; callers wait in {@link #acquire}.
 */
public final class RateLimiter {
    private final Clock clock;
    private final Sleeper sleeper;
    private final double perMilli;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    public RateLimiter(int requestsPerMinute, Clock clock, Sleeper sleeper) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.perMilli = requestsPerMinute / 60_000.0;
        this.capacity = Math.max(1.0, requestsPerMinute / 60.0);
        this.tokens = 1.0;
        this.lastMillis = clock.millis();
    }

    /** Blocks until a request may be sent. */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration wait = tryTake();
            if (wait.isZero()) {
                return;
            }
            sleeper.sleep(wait);
        }
    }

    /** Takes a token if one is there; otherwise says how long until one will be. */
    private synchronized Duration tryTake() {
        long now = clock.millis();
        tokens = Math.min(capacity, tokens + (now - lastMillis) * perMilli);
        lastMillis = now;
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(1, (long) Math.ceil((1.0 - tokens) / perMilli)));
    }
}
