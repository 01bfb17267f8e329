package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.serve.ComponentHealth;
import io.cryptopipe.serve.ComponentHealth.Status;
import io.cryptopipe.serve.LiveStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} over the real parts ({@link RealParts}): scrape, let the pipeline work and add a reject and batch
 * runs, scrape again: every family is there and the counters and gauges moved the way the parts did. And the
 * {@code /health} view of the same parts.
 */
class PipelineMetricsIT {
    private static final String[] ENTITIES = {"assets", "rates", "exchanges", "markets"};

    @Test
    void theMetricsExistAndMoveWithThePipeline() throws Exception {
        RealParts parts = RealParts.get();
        parts.metrics.refresh();
        Scrape before = parts.scrape();
        double rejectsBefore = before.sum("cryptopipe_rejects", "reason", "not_a_decimal");
        double gatesRunsBefore = before.sum("cryptopipe_batch_step_runs", "step", "gates", "status", "failed");

        RealParts.await("two more ok polls of every entity and stored micro-batches", () -> {
            Scrape now = parts.scrape();
            for (String entity : ENTITIES) {
                if (now.sum("cryptopipe_ingest_polls_total", "entity", entity, "outcome", "ok")
                        < before.sum("cryptopipe_ingest_polls_total", "entity", entity, "outcome", "ok") + 2) {
                    return false;
                }
            }
            return now.sum("cryptopipe_stream_rows_total", "table", "asset_snapshots")
                    > before.sum("cryptopipe_stream_rows_total", "table", "asset_snapshots")
                    && now.sum("cryptopipe_stream_rows_total", "table", "ingest_ledger")
                    > before.sum("cryptopipe_stream_rows_total", "table", "ingest_ledger")
                    && now.sum("cryptopipe_prices_ticks_published_total")
                    > before.sum("cryptopipe_prices_ticks_published_total");
        });
        parts.reject("asset.priceUsd NOT_A_DECIMAL: not a decimal: 'abc'");
        parts.batchRun("extract", true, Duration.ofSeconds(3));
        parts.batchRun("gates", false, Duration.ofMillis(1500));
        long decimalRejectsAtLeast = rejectsStored(parts, "not_a_decimal"); // the stream may store more meanwhile
        parts.metrics.refresh();
        Scrape after = parts.scrape();
        long decimalRejectsAtMost = rejectsStored(parts, "not_a_decimal");
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-it-scrape.txt"), after.text());

        // the CoinCap client, per endpoint template
        assertMoved(before, after, "cryptopipe_source_requests_total", "endpoint", "/assets", "status", "200");
        assertMoved(before, after, "cryptopipe_source_request_seconds_count", "endpoint", "/markets");
        assertThat(after.has("cryptopipe_source_request_seconds_bucket", "endpoint", "/assets", "le", "0.25"))
                .isTrue();
        assertThat(after.sampleNames()).noneMatch(n -> n.contains("bitcoin"));
        assertThat(after.text()).doesNotContain("endpoint=\"/assets/bitcoin");
        assertThat(after.sum("cryptopipe_source_requests_total", "status", "429"))
                .as("the simulator answers 15% of requests 429")
                .isEqualTo(after.sum("cryptopipe_source_rate_limited_total")).isPositive();
        assertThat(after.sum("cryptopipe_source_retries_total")).isPositive();
        assertThat(after.value("cryptopipe_source_credits_budget_per_day")).isEqualTo(RealParts.CREDITS_PER_DAY);
        assertThat(after.value("cryptopipe_source_credits_used_today"))
                .isGreaterThan(before.value("cryptopipe_source_credits_used_today"))
                .isEqualTo(parts.client.budget().orElseThrow().spentToday(), org.assertj.core.data.Offset.offset(50.0));

        // ingest
        for (String entity : ENTITIES) {
            assertMoved(before, after, "cryptopipe_ingest_polls_total", "entity", entity, "outcome", "ok");
            assertMoved(before, after, "cryptopipe_ingest_records_published_total", "entity", entity, "kind", "item");
            assertMoved(before, after, "cryptopipe_ingest_poll_items_count", "entity", entity);
            assertThat(after.has("cryptopipe_ingest_polls_total", "entity", entity, "outcome", "refused")).isTrue();
            assertThat(after.value("cryptopipe_ingest_poll_interval_seconds", "entity", entity)).isEqualTo(1.0);
        }
        assertThat(after.value("cryptopipe_ingest_poll_items_max", "entity", "assets")).isEqualTo(30.0);
        assertThat(after.has("cryptopipe_ingest_backlog_polls")).isTrue();
        assertThat(after.has("cryptopipe_ingest_publish_failures_total", "entity", "assets")).isTrue();
        assertMoved(before, after, "cryptopipe_prices_ticks_published_total");
        assertThat(after.value("cryptopipe_prices_socket_open")).isEqualTo(1.0);

        // the stream
        assertMoved(before, after, "cryptopipe_stream_batch_seconds_count");
        assertMoved(before, after, "cryptopipe_stream_rows_total", "table", "asset_snapshots");
        assertMoved(before, after, "cryptopipe_stream_rows_total", "table", "ingest_ledger");
        assertThat(after.value("cryptopipe_stream_last_batch_age_seconds")).isBetween(0.0, 30.0);
        assertThat(after.value("cryptopipe_stream_active")).isEqualTo(1.0);
        for (String topic : RealParts.TOPICS) {
            assertThat(after.value("cryptopipe_stream_lag_records", "topic", topic)).isGreaterThanOrEqualTo(0);
        }

        // from PostgreSQL
        assertThat(after.value("cryptopipe_rejects", "reason", "not_a_decimal"))
                .isGreaterThanOrEqualTo(rejectsBefore + 1)
                .isBetween((double) decimalRejectsAtLeast, (double) decimalRejectsAtMost);
        assertThat(after.text()).doesNotContain("'abc'");
        for (String entity : ENTITIES) {
            assertThat(after.value("cryptopipe_freshness_seconds", "entity", entity)).isBetween(0.0, 30.0);
            assertThat(after.has("cryptopipe_completeness_missing_items", "entity", entity)).isTrue();
            assertThat(after.has("cryptopipe_ingest_gaps", "entity", entity)).isTrue();
        }
        assertThat(after.value("cryptopipe_batch_step_last_success", "step", "gates")).isZero();
        assertThat(after.value("cryptopipe_batch_step_last_success", "step", "extract")).isEqualTo(1.0);
        assertThat(after.value("cryptopipe_batch_step_last_duration_seconds", "step", "gates"))
                .isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(after.value("cryptopipe_batch_step_runs", "step", "gates", "status", "failed"))
                .isEqualTo(gatesRunsBefore + 1);
        assertThat(after.value("cryptopipe_batch_last_failure_timestamp_seconds"))
                .isGreaterThan(before.sum("cryptopipe_batch_last_failure_timestamp_seconds"));
        assertThat(after.value("cryptopipe_batch_scheduler_enabled")).isEqualTo(1.0);

        // the JVM, and the common tag on everything
        assertThat(after.families()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_uptime_seconds", "system_cpu_count");
        assertThat(after.text().lines().filter(l -> !l.startsWith("#") && !l.isBlank()))
                .allMatch(l -> l.contains("application=\"cryptopipe\""));
    }

    @Test
    void theStatusReportsEveryComponentLagAndCredits() throws Exception {
        RealParts parts = RealParts.get();
        RealParts.await("an ok poll of every entity", () -> parts.ingestor.stats().entities().values().stream()
                .allMatch(e -> e.ok() > 0));
        parts.metrics.refresh();
        LiveStatus status = parts.metrics.status();

        Map<String, Long> lag = status.lagByTopic();
        assertThat(lag).containsOnlyKeys(RealParts.TOPICS);

        LiveStatus.Credits credits = status.credits().orElseThrow();
        assertThat(credits.budget()).hasValue(RealParts.CREDITS_PER_DAY);
        assertThat(credits.usedToday()).isPositive();

        List<ComponentHealth> components = status.components();
        Map<String, ComponentHealth> byName = components.stream()
                .collect(Collectors.toMap(ComponentHealth::name, Function.identity()));
        assertThat(components).extracting(ComponentHealth::name).containsExactly("postgresql", "kafka", "stream",
                "ingest.assets", "ingest.rates", "ingest.exchanges", "ingest.markets", "prices", "batch");
        assertThat(byName.get("postgresql").status()).isEqualTo(Status.UP);
        assertThat(byName.get("kafka").status()).isEqualTo(Status.UP);
        assertThat(byName.get("kafka").detail()).contains("1 broker");
        assertThat(byName.get("stream").status()).isEqualTo(Status.UP);
        assertThat(byName.get("stream").detail()).contains(parts.streamSettings.queryName());
        assertThat(byName.get("prices").status()).isEqualTo(Status.UP);
        assertThat(components).allSatisfy(c -> assertThat(c.detail()).isNotBlank().doesNotContain("\n")
                .doesNotContain("test-key"));
        // with 15% 429s and 4 attempts a poll rarely fails; when one did it is DEGRADED with its reason
        for (String entity : new String[] {"assets", "rates", "exchanges", "markets"}) {
            ComponentHealth h = byName.get("ingest." + entity);
            assertThat(h.status()).isIn(Status.UP, Status.DEGRADED);
            assertThat(h.detail()).containsAnyOf("last poll ok", "last poll failed");
        }
        parts.batchRun("report", false, Duration.ofSeconds(1));
        parts.metrics.refresh();
        ComponentHealth batch = parts.metrics.status().components().stream()
                .filter(c -> c.name().equals("batch")).findFirst().orElseThrow();
        assertThat(batch.status()).isEqualTo(Status.DEGRADED);
        assertThat(batch.detail()).contains("every 1h").contains("report of");
    }

    /** Rejected records whose reason has the code, counted row by row (not the way the metrics count them). */
    private static long rejectsStored(RealParts parts, String code) throws Exception {
        long n = 0;
        try (java.sql.Connection c = parts.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT reason FROM rejected_records")) {
            while (rs.next()) {
                n += RejectReasons.code(rs.getString(1)).equals(code) ? 1 : 0;
            }
        }
        return n;
    }

    private static void assertMoved(Scrape before, Scrape after, String name, String... labels) {
        assertThat(after.has(name, labels)).as("%s %s in the scrape", name, List.of(labels)).isTrue();
        assertThat(after.sum(name, labels)).as("%s %s moved", name, List.of(labels))
                .isGreaterThan(before.sum(name, labels));
    }
}
