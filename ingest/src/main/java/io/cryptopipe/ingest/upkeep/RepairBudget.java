package io.cryptopipe.ingest.upkeep;

import io.cryptopipe.ingest.PollIntervals;
import io.cryptopipe.source.CreditBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * How many credits gap repair may spend without taking any from live polling: repair runs at the lowest priority, on
 * what the day's budget has left beyond what the pollers still need today.
 */
public final class RepairBudget {
    /** Share of the daily allowance repair never touches: slack for the pollers' retries and late polls. */
    static final int MARGIN_PERCENT = 10;

    private RepairBudget() {
    }

    /**
     * The credits repair may spend now: the day's allowance, minus what is spent today, minus what the live pollers
     * will spend until the UTC day ends (per entity: the polls left at its interval, rounded up, times its requests
     * per poll as {@link PollIntervals#requestsPerPoll} estimates them, times the credits per request), minus
     * {@value #MARGIN_PERCENT} % of the allowance. Never negative.
     *
     * @param intervals the live pollers' intervals by entity
     */
    public static long headroom(CreditBudget.Snapshot budget, Instant now, Map<String, Duration> intervals,
            int creditsPerRequest, int pageSize) {
        Instant dayEnd = budget.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long millisLeft = Math.max(0, Duration.between(now, dayEnd).toMillis());
        long reserved = 0;
        for (Map.Entry<String, Duration> poller : intervals.entrySet()) {
            long every = Math.max(1, poller.getValue().toMillis());
            long pollsLeft = (millisLeft + every - 1) / every;
            reserved += pollsLeft * PollIntervals.requestsPerPoll(poller.getKey(), pageSize) * creditsPerRequest;
        }
        long margin = (budget.perDay() * MARGIN_PERCENT + 99) / 100;
        return Math.max(0, budget.perDay() - budget.spentToday() - reserved - margin);
    }
}
