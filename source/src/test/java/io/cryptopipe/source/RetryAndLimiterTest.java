package io.cryptopipe.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backoff bounds, the limiter's pacing and the budget's day, on a virtual clock. */
class RetryAndLimiterTest {
    static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void backoffDoublesWithJitterBetweenHalfAndAllAndIsCapped() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2));
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.backoff(2, random).toMillis()).isBetween(50L, 100L);
            assertThat(policy.backoff(4, random).toMillis()).isBetween(200L, 400L);
            assertThat(policy.backoff(30, random).toMillis()).isBetween(1_000L, 2_000L);
        }
    }

    @Test
    void limiterPacesRequestsAtTheConfiguredRateOnAVirtualClock() throws InterruptedException {
        SteppingClock clock = new SteppingClock(START, Duration.ZERO);
        RateLimiter limiter = new RateLimiter(120, clock, clock::advance);
        for (int i = 0; i < 241; i++) {
            limiter.acquire();
        }
        // 120 per minute: the first request is free, each of the other 240 waits for half a second of refill.
        assertThat(clock.millis() - START.toEpochMilli()).isBetween(119_000L, 121_000L);
    }

    @Test
    void budgetRefusesBeyondTheDayAndRenewsAtUtcMidnight() {
        SteppingClock clock = new SteppingClock(START, Duration.ZERO);
        CreditBudget budget = new CreditBudget(3, clock);
        assertThat(budget.tryConsume(2)).isTrue();
        assertThat(budget.tryConsume(2)).isFalse();
        assertThat(budget.tryConsume(1)).isTrue();
        assertThat(budget.tryConsume(1)).isFalse();
        assertThat(budget.snapshot().refused()).isEqualTo(2);
        assertThat(budget.snapshot().spentToday()).isEqualTo(3);
        clock.advance(Duration.ofHours(24));
        assertThat(budget.tryConsume(3)).isTrue();
        assertThat(budget.snapshot().spentTotal()).isEqualTo(6);
    }
}
