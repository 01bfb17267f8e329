package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.ingest.IngestSettings;
import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.serve.ComponentHealth;
import io.cryptopipe.serve.ComponentHealth.Status;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.RetryPolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the commands that run less than {@code up}: {@code ingest} (no database, no stream: freshness from
 * the polls in this process, the rest OFF), an unbilled source (no credit series, no credits), and a database that
 * cannot be reached (DOWN with the masked URL, and the metrics still scrape).
 */
class SubsetsIT {
    @TempDir
    Path dir;

    @Test
    void ingestAloneMeasuresFreshnessInProcessAndReportsTheRestOff() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 10, 2, 10, 3, 1), Clock.systemUTC())) {
            URI base = URI.create(sim.baseUrl() + "/v3");
            ClientSettings settings = new ClientSettings(base, ApiShape.V3, Optional.empty(), false, 100_000,
                    Optional.empty(), 1, Duration.ofSeconds(5), Duration.ofSeconds(20),
                    new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)), ClientSettings.MAX_PAGE);
            CoinCapClient client = CoinCapClient.create(settings, Clock.systemUTC());
            RawArchive archive = new RawArchive(dir.resolve("raw"));
            Map<String, Duration> intervals = new LinkedHashMap<>();
            intervals.put("assets", Duration.ofMillis(300));
            intervals.put("rates", Duration.ofMillis(300));
            MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new StringSerializer());
            PrometheusMeterRegistry registry = PipelineMetrics.newRegistry();
            try (Ingestor ingestor = new Ingestor(new IngestSettings(intervals, base.toString(), "v3"), client, archive,
                    new PollPublisher(producer, archive), Clock.systemUTC(), CrashPoints.none());
                 PipelineMetrics metrics = PipelineMetrics.builder(Clock.systemUTC()).client(client).ingest(ingestor)
                         .bind(registry)) {
                Scrape before = new Scrape(registry.scrape());
                assertThat(before.has("cryptopipe_freshness_seconds")).as("no poll yet").isFalse();
                ingestor.start();
                RealParts.await("two ok polls of each entity", () -> ingestor.stats().entities().values().stream()
                        .allMatch(e -> e.ok() >= 2));
                Scrape after = new Scrape(registry.scrape());
                for (String entity : intervals.keySet()) {
                    assertThat(after.value("cryptopipe_freshness_seconds", "entity", entity)).isBetween(0.0, 10.0);
                    assertThat(after.value("cryptopipe_ingest_poll_interval_seconds", "entity", entity))
                            .isEqualTo(0.3);
                    assertThat(after.value("cryptopipe_ingest_polls_total", "entity", entity, "outcome", "ok"))
                            .isGreaterThanOrEqualTo(2);
                    assertThat(after.value("cryptopipe_ingest_records_published_total", "entity", entity, "kind",
                            "ledger")).isGreaterThanOrEqualTo(2);
                }
                assertThat(after.sampleNames()).as("not billed: no credit series").noneMatch(n -> n.contains("credits"))
                        .noneMatch(n -> n.startsWith("cryptopipe_stream"))
                        .noneMatch(n -> n.startsWith("cryptopipe_batch"))
                        .noneMatch(n -> n.equals("cryptopipe_rejects"));
                assertThat(metrics.status().credits()).isEmpty();
                assertThat(metrics.status().lagByTopic()).isEmpty();
                List<ComponentHealth> components = metrics.status().components();
                assertThat(components).extracting(ComponentHealth::name).containsExactly("postgresql", "kafka",
                        "stream", "ingest.assets", "ingest.rates", "prices", "batch");
                assertThat(components).filteredOn(c -> !c.name().startsWith("ingest."))
                        .extracting(ComponentHealth::status).containsOnly(Status.OFF);
                assertThat(components).filteredOn(c -> c.name().startsWith("ingest."))
                        .extracting(ComponentHealth::status).containsOnly(Status.UP);
            }
        }
    }

    @Test
    void aSpentCreditBudgetShowsAsRefusalsRefusedPollsFullCreditsAndDegradedIngest() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 10, 2, 10, 3, 1), Clock.systemUTC())) {
            URI base = URI.create(sim.baseUrl() + "/v3");
            long budget = 3;
            ClientSettings settings = new ClientSettings(base, ApiShape.V3, Optional.of("k-7f3e9a"), false, 100_000,
                    Optional.of(budget), 1, Duration.ofSeconds(5), Duration.ofSeconds(20),
                    new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5)), ClientSettings.MAX_PAGE);
            CoinCapClient client = CoinCapClient.create(settings, Clock.systemUTC());
            RawArchive archive = new RawArchive(dir.resolve("raw"));
            MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new StringSerializer());
            PrometheusMeterRegistry registry = PipelineMetrics.newRegistry();
            try (Ingestor ingestor = new Ingestor(new IngestSettings(Map.of("rates", Duration.ofMillis(200)),
                    base.toString(), "v3"), client, archive, new PollPublisher(producer, archive), Clock.systemUTC(),
                    CrashPoints.none());
                 PipelineMetrics metrics = PipelineMetrics.builder(Clock.systemUTC()).client(client).ingest(ingestor)
                         .bind(registry)) {
                Scrape before = new Scrape(registry.scrape());
                assertThat(before.value("cryptopipe_source_credits_budget_per_day")).isEqualTo(3.0);
                assertThat(before.value("cryptopipe_source_credits_used_today")).isZero();
                ingestor.start();
                RealParts.await("two refused polls", () -> ingestor.stats().entities().get("rates").refused() >= 2);
                Scrape after = new Scrape(registry.scrape());
                assertThat(after.value("cryptopipe_source_credits_used_today")).isEqualTo(3.0);
                assertThat(after.value("cryptopipe_source_credits_used_today")
                        / after.value("cryptopipe_source_credits_budget_per_day"))
                        .as("what CryptopipeCreditBudgetNearlySpent divides").isGreaterThanOrEqualTo(0.9);
                assertThat(after.value("cryptopipe_ingest_polls_total", "entity", "rates", "outcome", "refused"))
                        .isGreaterThanOrEqualTo(2);
                assertThat(after.value("cryptopipe_source_budget_refusals_total", "endpoint", "/rates"))
                        .isGreaterThanOrEqualTo(2);
                assertThat(after.value("cryptopipe_source_errors_total", "endpoint", "/rates", "kind",
                        "budget_exhausted")).isGreaterThanOrEqualTo(2);
                ComponentHealth rates = metrics.status().components().stream()
                        .filter(c -> c.name().equals("ingest.rates")).findFirst().orElseThrow();
                assertThat(rates.status()).isEqualTo(Status.DEGRADED);
                assertThat(rates.detail()).contains("credit budget");
                assertThat(metrics.status().credits()).hasValueSatisfying(c -> {
                    assertThat(c.usedToday()).isEqualTo(3);
                    assertThat(c.budget()).hasValue(3);
                });
                assertThat(after.text()).doesNotContain("k-7f3e9a");
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsDownWithItsMaskedUrlAndTheScrapeStillWorks() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1/cryptopipe?user=pipe&password=s3cret&connectTimeout=2";
        PrometheusMeterRegistry registry = PipelineMetrics.newRegistry();
        try (PipelineMetrics metrics = PipelineMetrics.builder(Clock.systemUTC())
                .database(() -> DriverManager.getConnection(url), url).batch(Duration.ZERO).bind(registry)) {
            metrics.refresh();
            ComponentHealth pg = metrics.status().components().get(0);
            assertThat(pg.name()).isEqualTo("postgresql");
            assertThat(pg.status()).isEqualTo(Status.DOWN);
            assertThat(pg.detail()).contains("127.0.0.1:1").doesNotContain("s3cret");
            assertThat(metrics.status().components()).filteredOn(c -> c.name().equals("batch"))
                    .extracting(ComponentHealth::status).containsExactly(Status.OFF);
            Scrape scrape = new Scrape(registry.scrape());
            assertThat(scrape.value("cryptopipe_batch_scheduler_enabled")).isZero();
            assertThat(scrape.has("cryptopipe_rejects")).isFalse();
            assertThat(scrape.text()).doesNotContain("s3cret");
        }
    }
}
