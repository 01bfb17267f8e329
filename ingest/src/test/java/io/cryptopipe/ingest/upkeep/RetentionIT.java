package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on the embedded PostgreSQL, a raw archive in a temporary directory and the embedded Kafka: old snapshot
 * rows, old published raw hours and the topics' retention go; everything else stays.
 */
class RetentionIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration MONTH = Duration.ofDays(30);
    static final List<String> TOPICS = List.of("coincap.assets", "coincap.ledger", "coincap.not-created");

    @TempDir
    static Path shared;
    static PgServer pg;
    static EmbeddedKafka kafka;

    @TempDir
    Path data;

    @BeforeAll
    static void start() throws IOException {
        pg = PgServer.start(shared.resolve("pg"), shared.resolve("pg-runtime"));
        Schema.migrate(pg.dataSource());
        kafka = EmbeddedKafka.start(shared.resolve("kafka"));
        kafka.ensureTopics(Map.of("coincap.assets", 1, "coincap.ledger", 1, "someone.elses", 1),
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        pg.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE asset_snapshots, rate_snapshots, exchange_snapshots, market_snapshots, assets, "
                + "ingest_ledger, asset_price_history, retention_horizon, price_ticks, candles_1m, late_ticks, "
                + "price_tick_duplicates, tick_watermarks");
    }

    @Test
    void retentionRemovesOnlyWhatItShould() throws Exception {
        Instant old = NOW.minus(MONTH).minusSeconds(60);
        Instant young = NOW.minus(MONTH).plusSeconds(60);
        for (int i = 0; i < 25; i++) {
            snapshot("asset_snapshots", "id", "'old-" + i + "'", old);
        }
        snapshot("asset_snapshots", "id", "'bitcoin'", young);
        snapshot("rate_snapshots", "id", "'euro'", old);
        snapshot("rate_snapshots", "id", "'euro'", young);
        snapshot("exchange_snapshots", "exchange_id", "'binance'", old);
        snapshot("exchange_snapshots", "exchange_id", "'binance'", NOW);
        execute("INSERT INTO market_snapshots (exchange_id, base_id, quote_id, observed_at) VALUES "
                + "('binance', 'bitcoin', 'tether', '" + old + "'), ('binance', 'bitcoin', 'tether', '" + young + "')");
        // Latest state, the ledger and repaired history are not snapshot history: retention leaves them alone.
        execute("INSERT INTO assets (id, observed_at) VALUES ('dead-coin', '" + old + "')");
        execute("INSERT INTO ingest_ledger (poll_id, entity, observed_at, outcome) VALUES (gen_random_uuid(), "
                + "'assets', '" + old + "', 'ok')");
        execute("INSERT INTO asset_price_history (asset_id, ts, price_usd) VALUES ('bitcoin', '" + old + "', 1)");
        // Live prices grow fastest: old ticks and candles go too; the watermark is state, not history.
        execute("INSERT INTO price_ticks (asset_id, ts, price_usd, topic, partition, kafka_offset) VALUES "
                + "('bitcoin', '" + old + "', 1, 'coincap.prices', 0, 1), ('bitcoin', '" + young + "', 2, "
                + "'coincap.prices', 0, 2)");
        execute("INSERT INTO candles_1m (asset_id, bucket_start, open, high, low, close, tick_count) VALUES "
                + "('bitcoin', '" + old + "', 1, 1, 1, 1, 1), ('bitcoin', '" + young + "', 2, 2, 2, 2, 1)");
        execute("INSERT INTO tick_watermarks (asset_id, max_ts) VALUES ('bitcoin', '" + old + "')");

        RawArchive archive = new RawArchive(data.resolve("raw"));
        ArchivedPoll oldPublished = poll(NOW.minus(Duration.ofDays(40)));
        ArchivedPoll oldHeldBack = poll(NOW.minus(Duration.ofDays(40)).plus(Duration.ofHours(1)));
        ArchivedPoll recentPublished = poll(NOW.minus(Duration.ofDays(1)));
        for (ArchivedPoll p : List.of(oldPublished, oldHeldBack, recentPublished)) {
            archive.append(p);
        }
        archive.markPublished(oldPublished.pollId());
        archive.markPublished(recentPublished.pollId());

        Retention retention = retention(archive, Optional.of(MONTH), Optional.of(Duration.ofDays(3)),
                Optional.of(MONTH));
        Retention.Report report = retention.runOnce();

        assertThat(report.problems()).isEmpty();
        assertThat(report.snapshotRows()).containsEntry("asset_snapshots", 25L)
                .containsEntry("rate_snapshots", 1L).containsEntry("exchange_snapshots", 1L)
                .containsEntry("market_snapshots", 1L).containsEntry("price_ticks", 1L).containsEntry("candles_1m", 1L)
                .containsEntry("late_ticks", 0L).containsEntry("price_tick_duplicates", 0L);
        assertThat(column("SELECT price_usd::text FROM price_ticks")).containsExactly("2");
        assertThat(column("SELECT open::text FROM candles_1m")).containsExactly("2");
        assertThat(column("SELECT count(*) FROM tick_watermarks")).containsExactly("1");
        for (String table : Retention.SNAPSHOT_TABLES) {
            assertThat(column("SELECT count(*) FROM " + table + " WHERE observed_at < '" + NOW.minus(MONTH) + "'"))
                    .as(table).containsExactly("0");
            assertThat(column("SELECT count(*) FROM " + table)).as(table).containsExactly("1");
        }
        assertThat(column("SELECT count(*) FROM assets")).containsExactly("1");
        assertThat(column("SELECT count(*) FROM ingest_ledger")).containsExactly("1");
        assertThat(column("SELECT count(*) FROM asset_price_history")).containsExactly("1");
        assertThat(column("SELECT target || ' ' || (removed_before = '" + NOW.minus(MONTH) + "') FROM "
                + "retention_horizon ORDER BY target")).containsExactly("asset_snapshots true", "candles_1m true",
                "exchange_snapshots true", "late_ticks true", "market_snapshots true", "price_tick_duplicates true",
                "price_ticks true", "rate_snapshots true");

        assertThat(report.raw().deleted()).hasSize(1);
        assertThat(report.raw().kept()).singleElement().asString().contains("not published");
        assertThat(archive.read(Instant.MIN, Instant.MAX).polls()).containsExactly(oldHeldBack, recentPublished);
        assertThat(archive.published()).containsExactly(recentPublished.pollId());

        assertThat(report.topicsAltered()).containsExactly("coincap.assets", "coincap.ledger");
        assertThat(retentionMs("coincap.assets")).isEqualTo("259200000");
        assertThat(retentionMs("coincap.ledger")).isEqualTo("259200000");
        assertThat(retentionMs("someone.elses")).as("a topic not ours keeps the broker default")
                .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(kafkaDescribedAsDefault("someone.elses")).isTrue();

        Retention.Report again = retention.runOnce();
        assertThat(again.snapshotRows().values()).containsOnly(0L);
        assertThat(again.raw().deleted()).isEmpty();
        assertThat(again.topicsAltered()).as("already set").isEmpty();
    }

    @Test
    void retentionSwitchedOffRemovesNothing() throws Exception {
        Instant ancient = NOW.minus(Duration.ofDays(400));
        snapshot("asset_snapshots", "id", "'bitcoin'", ancient);
        RawArchive archive = new RawArchive(data.resolve("raw"));
        ArchivedPoll poll = poll(ancient);
        archive.append(poll);
        archive.markPublished(poll.pollId());

        Retention.Report report = retention(archive, Optional.empty(), Optional.empty(), Optional.empty()).runOnce();

        assertThat(report.snapshotRows()).isEmpty();
        assertThat(report.raw()).isNull();
        assertThat(report.topicsAltered()).isEmpty();
        assertThat(column("SELECT count(*) FROM asset_snapshots")).containsExactly("1");
        assertThat(column("SELECT count(*) FROM retention_horizon")).containsExactly("0");
        assertThat(archive.read(Instant.MIN, Instant.MAX).polls()).containsExactly(poll);
    }

    private static Retention retention(RawArchive archive, Optional<Duration> snapshots, Optional<Duration> topics,
            Optional<Duration> raw) {
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new Retention(new Retention.Settings(snapshots, topics, raw, 10), pg.dataSource()::getConnection,
                archive, admin, TOPICS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ArchivedPoll poll(Instant observedAt) {
        return new ArchivedPoll(UUID.randomUUID(), "assets", "http://127.0.0.1:9/v3", "v3", observedAt,
                ArchivedPoll.Outcome.OK, null, 1, 0, "{\"unknown\":{},\"missing\":{}}",
                List.of(new ArchivedPoll.Page(0, 200, observedAt, "{\"data\":[],\"timestamp\":1}")), 10_000L);
    }

    private static String retentionMs(String topic) throws Exception {
        return describe(topic).value();
    }

    private static boolean kafkaDescribedAsDefault(String topic) throws Exception {
        return describe(topic).source() != org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
    }

    private static org.apache.kafka.clients.admin.ConfigEntry describe(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG);
        }
    }

    private static void snapshot(String table, String keyColumn, String key, Instant observedAt)
            throws SQLException {
        execute("INSERT INTO " + table + " (" + keyColumn + ", observed_at) VALUES (" + key + ", '" + observedAt
                + "')");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
