package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.IngestStats;
import io.cryptopipe.serve.ComponentHealth;
import io.cryptopipe.serve.ComponentHealth.Status;
import io.cryptopipe.source.PriceSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
    static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    static IngestStats.Entity last(ArchivedPoll.Outcome outcome, Duration ago, String reason) {
        return new IngestStats.Entity(5, outcome == ArchivedPoll.Outcome.FAILED ? 1 : 0, 0, 100, NOW.minus(ago),
                outcome, reason);
    }

    @Test
    void anEntityIsUpWhileItsLastPollIsOkAndRecent() {
        ComponentHealth h = HealthRules.ingest("assets", last(ArchivedPoll.Outcome.OK, Duration.ofSeconds(30), null),
                MINUTE, NOW.minusSeconds(3600), NOW);
        assertThat(h.name()).isEqualTo("ingest.assets");
        assertThat(h.status()).isEqualTo(Status.UP);
        assertThat(h.detail()).contains("last poll ok 30s ago").contains("every 1m");
    }

    @Test
    void anEntityIsDegradedWhenItsLastPollIsOlderThanThreeIntervals() {
        assertThat(HealthRules.ingest("assets", last(ArchivedPoll.Outcome.OK, Duration.ofSeconds(180), null), MINUTE,
                NOW.minusSeconds(3600), NOW).status()).isEqualTo(Status.UP);
        ComponentHealth late = HealthRules.ingest("assets", last(ArchivedPoll.Outcome.OK, Duration.ofSeconds(181),
                null), MINUTE, NOW.minusSeconds(3600), NOW);
        assertThat(late.status()).isEqualTo(Status.DEGRADED);
        assertThat(late.detail()).contains("3m1s ago");
    }

    @Test
    void anEntityIsDegradedWhenItsLastPollFailedOrWasRefusedWithAMaskedReason() {
        ComponentHealth failed = HealthRules.ingest("rates", last(ArchivedPoll.Outcome.FAILED, Duration.ofSeconds(5),
                "RETRIES_EXHAUSTED: CoinCap request https://x/v3/rates?apiKey=secret123 failed 3 times\nline two"),
                MINUTE, NOW.minusSeconds(3600), NOW);
        assertThat(failed.status()).isEqualTo(Status.DEGRADED);
        assertThat(failed.detail()).contains("last poll failed 5s ago: RETRIES_EXHAUSTED").doesNotContain("secret123")
                .doesNotContain("line two");
        ComponentHealth refused = HealthRules.ingest("rates", last(ArchivedPoll.Outcome.REFUSED, Duration.ZERO,
                "BUDGET_EXHAUSTED: spent"), MINUTE, NOW.minusSeconds(3600), NOW);
        assertThat(refused.status()).isEqualTo(Status.DEGRADED);
        assertThat(refused.detail()).contains("credit budget");
    }

    @Test
    void anEntityWithoutAPollIsUpUntilThreeIntervalsAfterStart() {
        assertThat(HealthRules.ingest("markets", null, MINUTE, NOW.minusSeconds(100), NOW).status())
                .isEqualTo(Status.UP);
        assertThat(HealthRules.ingest("markets", null, MINUTE, NOW.minusSeconds(200), NOW).status())
                .isEqualTo(Status.DEGRADED);
    }

    @Test
    void theStreamIsDownWhenFailedOrStoppedWithItsFailure() {
        assertThat(HealthRules.stream("q", true, Optional.empty(), Optional.of(Duration.ofSeconds(2))).status())
                .isEqualTo(Status.UP);
        ComponentHealth failed = HealthRules.stream("q", false, Optional.of("Query q terminated with exception: "
                + "jdbc:postgresql://u:pw@host/db refused"), Optional.empty());
        assertThat(failed.status()).isEqualTo(Status.DOWN);
        assertThat(failed.detail()).contains("terminated with exception").doesNotContain(":pw@");
        assertThat(HealthRules.stream("q", false, Optional.empty(), Optional.empty()).status()).isEqualTo(Status.DOWN);
    }

    @Test
    void pricesAreUpOnTheSocketAndDegradedOnTheRestFallbackOrWhenTicksAreLost() {
        assertThat(HealthRules.prices(PriceSocket.State.OPEN, 10, 0, false).status()).isEqualTo(Status.UP);
        assertThat(HealthRules.prices(PriceSocket.State.OPEN, 10, 2, true).status()).isEqualTo(Status.DEGRADED);
        ComponentHealth rest = HealthRules.prices(PriceSocket.State.FALLBACK, 10, 0, false);
        assertThat(rest.status()).isEqualTo(Status.DEGRADED);
        assertThat(rest.detail()).contains("REST");
        assertThat(HealthRules.prices(PriceSocket.State.BACKOFF, 10, 0, false).status()).isEqualTo(Status.DEGRADED);
        assertThat(HealthRules.prices(PriceSocket.State.CLOSED, 10, 0, false).status()).isEqualTo(Status.DOWN);
    }

    @Test
    void aDependencyIsDownWithItsErrorAndDegradedWhenNotCheckedLately() {
        Duration every = Duration.ofSeconds(15);
        assertThat(HealthRules.dependency("kafka", "127.0.0.1:9092", NOW, null, NOW, every, NOW, "1 broker")
                .detail()).isEqualTo("127.0.0.1:9092, 1 broker");
        ComponentHealth down = HealthRules.dependency("postgresql", "jdbc:postgresql://h/db?password=****",
                NOW.minusSeconds(60), "Connection refused", NOW, every, NOW, "");
        assertThat(down.status()).isEqualTo(Status.DOWN);
        assertThat(down.detail()).contains("Connection refused").contains("last reached 1m ago");
        assertThat(HealthRules.dependency("kafka", "k", NOW.minusSeconds(60), null, NOW.minusSeconds(60), every, NOW,
                "").status()).isEqualTo(Status.DEGRADED);
        assertThat(HealthRules.dependency("kafka", "k", null, null, null, every, NOW, "").status())
                .isEqualTo(Status.UP);
    }

    @Test
    void theBatchIsOffUpOrDegradedAfterAFailedStep() {
        assertThat(HealthRules.batch(Optional.of(Duration.ZERO), Optional.empty()).status()).isEqualTo(Status.OFF);
        assertThat(HealthRules.batch(Optional.of(Duration.ofHours(1)), Optional.empty()).status())
                .isEqualTo(Status.UP);
        ComponentHealth failed = HealthRules.batch(Optional.of(Duration.ofHours(1)),
                Optional.of("gates of 2026-11-27"));
        assertThat(failed.status()).isEqualTo(Status.DEGRADED);
        assertThat(failed.detail()).isEqualTo("scheduler every 1h; last run failed: gates of 2026-11-27");
    }

    @Test
    void detailsAreOneBoundedLine() {
        assertThat(HealthRules.line("a".repeat(500))).hasSize(200).endsWith("...");
        assertThat(HealthRules.line("first\nsecond")).isEqualTo("first");
    }
}
