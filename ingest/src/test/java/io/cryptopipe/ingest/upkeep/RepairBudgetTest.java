package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.ingest.PollIntervals;
import io.cryptopipe.source.CreditBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repair spends only what the day's budget has left beyond the live pollers' needs and a margin. */
class RepairBudgetTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-27");
    static final int PAGE = 2_000;

    @Test
    void budgetFittedPollersLeaveRepairNothing() {
        Map<String, Duration> fitted = PollIntervals.resolve(List.of("assets", "rates", "exchanges", "markets"),
                Map.of(), Optional.of(80L), 1, PAGE);
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        assertThat(RepairBudget.headroom(new CreditBudget.Snapshot(DAY, 80, 0, 0, 0), now, fitted, 1, PAGE)).isZero();
    }

    @Test
    void headroomIsTheAllowanceLessSpentLessThePollsLeftTodayLessATenthOfTheAllowance() {
        // 6 hours left; assets every hour at 2 requests a poll -> 12 credits reserved; rates every 2 hours -> 3.
        Map<String, Duration> intervals = Map.of("assets", Duration.ofHours(1), "rates", Duration.ofHours(2));
        Instant now = Instant.parse("2026-11-27T18:00:00Z");
        CreditBudget.Snapshot budget = new CreditBudget.Snapshot(DAY, 100, 40, 40, 0);
        assertThat(RepairBudget.headroom(budget, now, intervals, 1, PAGE)).isEqualTo(100 - 40 - 12 - 3 - 10);
        assertThat(RepairBudget.headroom(budget, now, intervals, 2, PAGE)).isEqualTo(100 - 40 - 24 - 6 - 10);
    }

    @Test
    void aPollDueBeforeMidnightIsReservedEvenIfItStartsInTheLastSecond() {
        Map<String, Duration> intervals = Map.of("rates", Duration.ofHours(1));
        Instant now = Instant.parse("2026-11-27T23:59:59Z");
        CreditBudget.Snapshot budget = new CreditBudget.Snapshot(DAY, 20, 0, 0, 0);
        assertThat(RepairBudget.headroom(budget, now, intervals, 1, PAGE)).isEqualTo(20 - 1 - 2);
    }

    @Test
    void aSpentBudgetLeavesNoHeadroomNeverANegativeOne() {
        Map<String, Duration> intervals = Map.of("assets", Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(RepairBudget.headroom(new CreditBudget.Snapshot(DAY, 80, 80, 80, 3), now, intervals, 1, PAGE))
                .isZero();
    }
}
