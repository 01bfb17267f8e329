package io.cryptopipe.source;

import java.time.Duration;
import java.util.Random;

/**
 * Bounded retries with exponential backoff and jitter: attempt n waits between half and all of
 * {@code min(max, base * 2^(n-1))}, so clients that failed together do not retry together.
 *
 * @param attempts total attempts per request, at least 1
 * @param base     the first backoff
 * @param max      the largest backoff
 */
public record RetryPolicy(int attempts, Duration base, Duration max) {
    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    /** The wait before attempt {@code next} (2 for the first retry). */
    public Duration backoff(int next, Random random) {
        long cap = max.toMillis();
        long exponential = base.toMillis() << Math.min(30, Math.max(0, next - 2));
        long full = Math.min(cap, exponential < 0 ? cap : exponential);
        return Duration.ofMillis(full / 2 + (long) (random.nextDouble() * (full - full / 2)));
    }
}
