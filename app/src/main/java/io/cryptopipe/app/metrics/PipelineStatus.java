package io.cryptopipe.app.metrics;

import io.cryptopipe.ingest.IngestStats;
import io.cryptopipe.serve.ComponentHealth;
import io.cryptopipe.serve.LiveStatus;
import io.cryptopipe.source.CreditBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@link LiveStatus} over the parts {@link PipelineMetrics} was given, answering from what they hold and from the
 * background refresh's caches: nothing here queries per request except the lag, which is measured at most every few
 * seconds. Get it from {@link PipelineMetrics#status()}.
 */
public final class PipelineStatus implements LiveStatus {
    /** Lost ticks make live prices DEGRADED for this long. */
    static final Duration LOST_TICKS_WINDOW = Duration.ofMinutes(1);

    private final PipelineMetrics.Parts parts;
    private final Refresher refresher;
    private final Instant startedAt;
    private final Supplier<Instant> lastBatchAt;
    private long ticksFailedSeen;
    private Instant ticksLostAt;

    PipelineStatus(PipelineMetrics.Parts parts, Refresher refresher, Instant startedAt,
            Supplier<Instant> lastBatchAt) {
        this.parts = parts;
        this.refresher = refresher;
        this.startedAt = startedAt;
        this.lastBatchAt = lastBatchAt;
    }

    /**
     * Lag per topic of the stream's query, reusing a measurement younger than a few seconds; empty when this process
     * runs no stream (or has no database or broker to ask).
     */
    @Override
    public Map<String, Long> lagByTopic() throws Exception {
        if (parts.stream.isEmpty() || !refresher.measuresLag()) {
            return Map.of();
        }
        return refresher.lag(parts.lagCache);
    }

    /** Credits of the CoinCap client's daily budget; empty without a client or when the source is not billed. */
    @Override
    public Optional<Credits> credits() {
        return parts.client.flatMap(c -> c.budget()).map(PipelineStatus::credits);
    }

    static Credits credits(CreditBudget.Snapshot budget) {
        return new Credits(budget.spentToday(), budget.perDay() > 0 && budget.perDay() < Long.MAX_VALUE
                ? OptionalLong.of(budget.perDay()) : OptionalLong.empty());
    }

    /** postgresql, kafka, stream, ingest.&lt;entity&gt; (polling order), prices, batch. */
    @Override
    public List<ComponentHealth> components() {
        Instant now = parts.clock.instant();
        List<ComponentHealth> all = new ArrayList<>();
        if (refresher.hasDatabase()) {
            Refresher.Check c = refresher.dbCheck();
            all.add(HealthRules.dependency("postgresql", parts.databaseShown, c.okAt(), c.error(), c.at(),
                    refresher.every(), now, c.note()));
        } else {
            all.add(HealthRules.off("postgresql", "not used by this command"));
        }
        if (refresher.hasBroker()) {
            Refresher.Check c = refresher.brokerCheck();
            all.add(HealthRules.dependency("kafka", parts.kafkaShown, c.okAt(), c.error(), c.at(), refresher.every(),
                    now, c.note()));
        } else {
            all.add(HealthRules.off("kafka", "not used by this command"));
        }
        if (parts.stream.isPresent()) {
            Instant last = lastBatchAt.get();
            all.add(HealthRules.stream(parts.stream.get().name(), parts.stream.get().isActive(),
                    parts.stream.get().failure(), Optional.ofNullable(last).map(l -> Duration.between(l, now))));
        } else {
            all.add(HealthRules.off("stream", "not run by this command"));
        }
        if (parts.ingestor.isPresent()) {
            IngestStats stats = parts.ingestor.get().stats();
            parts.ingestor.get().settings().intervals().forEach((entity, interval) -> all.add(HealthRules.ingest(
                    entity, stats.entities().get(entity), interval, startedAt, now)));
        } else {
            all.add(HealthRules.off("ingest", "not run by this command"));
        }
        if (parts.prices.isPresent()) {
            PriceFeed prices = parts.prices.get();
            all.add(HealthRules.prices(prices.state(), prices.ticksPublished(), prices.ticksFailed(),
                    lostRecently(prices.ticksFailed(), now)));
        } else {
            all.add(HealthRules.off("prices", "not run by this command"));
        }
        if (parts.batchEvery.isPresent()) {
            all.add(HealthRules.batch(parts.batchEvery, failedStep()));
        } else {
            all.add(HealthRules.off("batch", "no scheduler in this command; days run with 'cryptopipe batch run'"));
        }
        return all;
    }

    /** Whether the count of lost ticks rose within the last minute (judged across calls). */
    private synchronized boolean lostRecently(long failed, Instant now) {
        if (failed > ticksFailedSeen) {
            ticksFailedSeen = failed;
            ticksLostAt = now;
        }
        return ticksLostAt != null && Duration.between(ticksLostAt, now).compareTo(LOST_TICKS_WINDOW) < 0;
    }

    /** The step whose last finished run failed, as {@code <step> of <day>}, if any. */
    private Optional<String> failedStep() {
        return refresher.db().batch().lastByStep().values().stream().filter(s -> !s.ok())
                .max(java.util.Comparator.comparing(Refresher.StepRun::finishedAt))
                .map(s -> s.step() + " of " + s.partition());
    }
}
