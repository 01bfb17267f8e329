package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Intervals follow the data when the API is free, and the credit budget when it bills. */
class PollIntervalsTest {
    static final List<String> ALL = List.of("assets", "rates", "exchanges", "markets");

    @Test
    void aFreeApiPollsAssetsEveryTenSecondsAndTheRestEveryMinute() {
        assertThat(PollIntervals.resolve(ALL, Map.of(), Optional.empty(), 1, 2_000)).containsExactly(
                Map.entry("assets", Duration.ofSeconds(10)), Map.entry("rates", Duration.ofSeconds(60)),
                Map.entry("exchanges", Duration.ofSeconds(60)), Map.entry("markets", Duration.ofSeconds(60)));
    }

    @Test
    void assetsAloneOnTheFreePlanBudgetArePolledEvery36MinutesAsUpDidBefore() {
        // 80 credits a day, 2 requests a poll (the full page of 2000, then an empty one): 86400 * 2 / 80 s.
        assertThat(PollIntervals.resolve(List.of("assets"), Map.of(), Optional.of(80L), 1, 2_000))
                .containsExactly(Map.entry("assets", Duration.ofMinutes(36)));
    }

    @Test
    void aBudgetGivesAssetsHalfAndSharesTheRestEquallyByExpectedPages() {
        Map<String, Duration> intervals = PollIntervals.resolve(ALL, Map.of(), Optional.of(80L), 1, 2_000);
        // assets: 40 credits, 2 requests a poll; the others: 40/3 credits each.
        assertThat(intervals.get("assets")).isEqualTo(Duration.ofSeconds(86_400 * 2 / 40));
        assertThat(intervals.get("rates")).isEqualTo(Duration.ofSeconds(6_480)); // 1 unpaged request
        assertThat(intervals.get("exchanges")).isEqualTo(Duration.ofSeconds(6_480)); // 100 items: 1 page
        assertThat(intervals.get("markets")).isEqualTo(Duration.ofSeconds(38_880)); // 10000 items: 5 full + 1
        assertThat(intervals.keySet()).containsExactlyElementsOf(ALL);
    }

    @Test
    void withoutAssetsTheOthersShareTheWholeBudget() {
        Map<String, Duration> intervals = PollIntervals.resolve(List.of("rates", "exchanges"), Map.of(),
                Optional.of(100L), 2, 2_000);
        // 50 credits each, 2 credits per one-request poll: 25 polls a day.
        assertThat(intervals).containsExactly(Map.entry("rates", Duration.ofSeconds(3_456)),
                Map.entry("exchanges", Duration.ofSeconds(3_456)));
    }

    @Test
    void aLargeBudgetStillPollsABilledApiAtMostOnceAMinute() {
        assertThat(PollIntervals.resolve(ALL, Map.of(), Optional.of(10_000_000L), 1, 2_000).values())
                .containsOnly(Duration.ofSeconds(60));
        assertThat(PollIntervals.resolve(List.of("assets"), Map.of(), Optional.of(80L), 0, 2_000))
                .containsEntry("assets", Duration.ofSeconds(60));
    }

    @Test
    void configuredIntervalsWinAndOnlyTheGivenEntitiesArePolled() {
        Map<String, Duration> intervals = PollIntervals.resolve(List.of("assets", "markets"),
                Map.of("markets", Duration.ofSeconds(5), "rates", Duration.ofSeconds(1)), Optional.of(80L), 1, 2_000);
        assertThat(intervals).containsOnlyKeys("assets", "markets").containsEntry("markets", Duration.ofSeconds(5));
        assertThat(PollIntervals.resolve(List.of("assets"), Map.of("assets", Duration.ofMillis(300)),
                Optional.empty(), 1, 2_000)).containsExactly(Map.entry("assets", Duration.ofMillis(300)));
    }

    @Test
    void pagesAreEstimatedFromExpectedItemsCountingTheShortPageThatEndsAPoll() {
        assertThat(PollIntervals.requestsPerPoll("assets", 2_000)).isEqualTo(2);
        assertThat(PollIntervals.requestsPerPoll("assets", 100)).isEqualTo(21);
        assertThat(PollIntervals.requestsPerPoll("exchanges", 2_000)).isEqualTo(1);
        assertThat(PollIntervals.requestsPerPoll("markets", 2_000)).isEqualTo(6);
        assertThat(PollIntervals.requestsPerPoll("rates", 100)).isEqualTo(1);
    }
}
