package io.cryptopipe.source;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoinCap v3 bills credits. This budget allows a fixed number per UTC day and refuses any request that would go
 * beyond it before it is sent. Refusals are counted, and logged once per day, never silently. Thread-safe.
 */
public final class CreditBudget {
    private static final Logger LOG = LoggerFactory.getLogger(CreditBudget.class);

    private final long perDay;
    private final Clock clock;
    private LocalDate day;
    private long spentToday;
    private long spentTotal;
    private long refused;
    private boolean refusalLoggedToday;

    public CreditBudget(long perDay, Clock clock) {
        this.perDay = perDay;
        this.clock = clock;
        this.day = today();
    }

    /** Spends the credits if the day's budget allows; otherwise counts a refusal. */
    public synchronized boolean tryConsume(long credits) {
        rollOver();
        if (spentToday + credits > perDay) {
            refused++;
            if (!refusalLoggedToday) {
                refusalLoggedToday = true;
                LOG.warn("CoinCap credit budget of {} for {} is spent; refusing requests until the next UTC day "
                        + "(raise coincap-credits-per-day if your plan allows)", perDay, day);
            }
            return false;
        }
        spentToday += credits;
        spentTotal += credits;
        return true;
    }

    /** A snapshot for reports and metrics. */
    public synchronized Snapshot snapshot() {
        rollOver();
        return new Snapshot(day, perDay, spentToday, spentTotal, refused);
    }

    private void rollOver() {
        LocalDate now = today();
        if (!now.equals(day)) {
            day = now;
            spentToday = 0;
            refusalLoggedToday = false;
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * @param day        the UTC day the figures are for
     * @param perDay     the daily allowance
     * @param spentToday credits spent today
     * @param spentTotal credits spent since start
     * @param refused    requests refused since start
     */
    public record Snapshot(LocalDate day, long perDay, long spentToday, long spentTotal, long refused) {
    }
}
