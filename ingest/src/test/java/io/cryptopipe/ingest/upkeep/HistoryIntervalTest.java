package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.source.Endpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which /history interval a gap is repaired at, and when a gap holds no point to fetch at all. */
class HistoryIntervalTest {
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void gapsUpToADayAreRepairedAtMinutePoints() {
        assertThat(HistoryInterval.finestFor(Duration.ofSeconds(10))).isEqualTo(HistoryInterval.M1);
        assertThat(HistoryInterval.finestFor(Duration.ofHours(3))).isEqualTo(HistoryInterval.M1);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(1))).isEqualTo(HistoryInterval.M1);
    }

    @Test
    void longerGapsTakeTheFinestIntervalThatCoversThemInOneRequestOfAtMostADayOfMinutes() {
        assertThat(HistoryInterval.finestFor(Duration.ofDays(1).plusSeconds(1))).isEqualTo(HistoryInterval.M5);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(5))).isEqualTo(HistoryInterval.M5);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(7))).isEqualTo(HistoryInterval.M15);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(30))).isEqualTo(HistoryInterval.M30);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(45))).isEqualTo(HistoryInterval.H1);
        assertThat(HistoryInterval.finestFor(Duration.ofDays(3_000))).isEqualTo(HistoryInterval.D1);
        for (HistoryInterval interval : HistoryInterval.values()) {
            Duration longest = interval.step().multipliedBy(HistoryInterval.MAX_POINTS);
            assertThat(HistoryInterval.finestFor(longest)).isEqualTo(interval);
        }
    }

    @Test
    void everyIntervalIsOneCoinCapAccepts() {
        assertThat(Arrays.stream(HistoryInterval.values()).map(HistoryInterval::wire))
                .containsExactlyInAnyOrderElementsOf(Endpoints.HISTORY_INTERVALS);
    }

    @Test
    void aSlotHoldsAMinutePointOnlyIfAWholeMinuteFallsInsideIt() {
        assertThat(HistoryInterval.M1.hasPointIn(T.plusSeconds(5), T.plusSeconds(15))).isFalse();
        assertThat(HistoryInterval.M1.hasPointIn(T.plusSeconds(55), T.plusSeconds(65))).isTrue();
        assertThat(HistoryInterval.M1.hasPointIn(T, T.plusSeconds(1))).as("start inclusive").isTrue();
        assertThat(HistoryInterval.M1.hasPointIn(T.minusSeconds(10), T)).as("end exclusive").isFalse();
        assertThat(HistoryInterval.D1.hasPointIn(T, T.plus(Duration.ofHours(13)))).isFalse();
        assertThat(HistoryInterval.D1.hasPointIn(T, T.plus(Duration.ofHours(14)))).as("midnight is the end").isFalse();
        assertThat(HistoryInterval.D1.hasPointIn(T, T.plus(Duration.ofHours(15)))).isTrue();
    }
}
