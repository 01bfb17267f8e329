package io.cryptopipe.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming query on real engines (one embedded broker, PostgreSQL and SparkSession for the class): records
 * published to the coincap topics end up in PostgreSQL exactly as sent, bad records end up in
 * {@code rejected_records} with their reason while the stream goes on, and publishing everything again changes
 * nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamIT {
    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static PgServer pg;
    static SparkSession spark;
    static KafkaProducer<String, String> producer;
    static RunningStream stream;
    /** Rows per table as the batch listener was told, summed over every micro-batch. */
    static final Map<String, Long> STORED = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String t : List.of("coincap.assets", "coincap.rates", "coincap.exchanges", "coincap.markets",
                "coincap.prices", "coincap.ledger")) {
            topics.put(t, 2);
        }
        kafka.ensureTopics(topics, Duration.ofSeconds(60));
        pg = PgServer.start(dir.resolve("pg"), dir.resolve("pg-runtime"));
        Schema.migrate(pg.dataSource());
        spark = SparkSessions.create("local[2]", dir.resolve("spark"), Optional.empty());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
        StreamSettings settings = new StreamSettings(kafka.bootstrapServers(), Map.of(),
                List.of("assets", "rates", "exchanges", "markets"), Duration.ofMillis(250), 10_000,
                dir.resolve("checkpoints"), new PgTarget(pg.jdbcUrl(), null, null), CrashPoints.none());
        stream = StreamJob.start(spark, settings);
        stream.addBatchListener((batchId, took, rows) -> {
            assertThat(took).isPositive();
            rows.forEach((table, n) -> STORED.merge(table, n, Long::sum));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (spark != null) {
            spark.stop();
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void streamStillRuns() {
        assertThat(stream.failure()).isEmpty();
    }

    @Test
    @Order(1)
    void storesEveryEntityWithTheDigitsAndScaleSentAndTheLedger() throws Exception {
        publishAll();
        assertThat(stream.drain(Duration.ofSeconds(120))).as(stream.failure().orElse("drained")).isTrue();
        assertThat(text("SELECT price_usd::text || ' ' || volume_usd_24hr::text || ' ' || supply::text "
                + "FROM asset_snapshots WHERE id = 'bitcoin'"))
                .containsExactly("98765.432100000000000000 0.000000000000000100 19500000.000000000000000000");
        assertThat(text("SELECT rate_usd::text FROM rates WHERE id = 'são-tomé-and-príncipe-dobra-(pre-2018)'"))
                .containsExactly("0.0000432108469019230000");
        assertThat(text("SELECT percent_total_volume::text || ' ' || trading_pairs || ' ' || socket FROM exchanges"))
                .containsExactly("32.1234567890123456789012345678901234567890 1234 true");
        assertThat(text("SELECT price_quote::text || ' ' || coalesce(updated_at::text, 'null') FROM markets"))
                .containsExactly("98765.4300000000000000 null");
        assertThat(text("SELECT outcome || ' ' || coalesce(reason, '') FROM ingest_ledger ORDER BY observed_at"))
                .containsExactly("ok ", "failed DEPRECATED: CoinCap answered with its end-of-life notice");
        assertThat(STORED).containsEntry("asset_snapshots", 1L).containsEntry("assets", 1L)
                .containsEntry("rate_snapshots", 1L).containsEntry("market_snapshots", 1L)
                .containsEntry("ingest_ledger", 2L).containsEntry("rejected_records", 0L);
    }

    @Test
    @Order(2)
    void rejectsBadRecordsWithTheirReasonAndGoesOn() throws Exception {
        send("coincap.assets", null, RecordDecoderTest.fixture("asset-no-id.json"));
        send("coincap.assets", "nul-coin", RecordDecoderTest.fixture("asset-nul-name.json"));
        send("coincap.assets", "x", "this is not an envelope");
        send("coincap.ledger", "y", "{\"schema\":1}");
        send("coincap.rates", "bitcoin", RecordDecoderTest.fixture("rate-v2.json").replace("são-tomé", "later")
                .replace("2026-11-27T10:00:00Z", "2026-11-27T10:01:00Z"));
        producer.flush();
        assertThat(stream.drain(Duration.ofSeconds(120))).as(stream.failure().orElse("drained")).isTrue();
        assertThat(text("SELECT reason FROM rejected_records ORDER BY topic, kafka_offset"))
                .hasSize(4).allSatisfy(reason -> assertThat(reason).isNotBlank())
                .anySatisfy(reason -> assertThat(reason).contains("U+0000"))
                .anySatisfy(reason -> assertThat(reason).startsWith("envelope"))
                .anySatisfy(reason -> assertThat(reason).startsWith("ledger"));
        assertThat(STORED).containsEntry("rejected_records", 4L).containsEntry("rate_snapshots", 2L);
        assertThat(text("SELECT id FROM rates ORDER BY id")).contains("later-and-príncipe-dobra-(pre-2018)");
    }

    @Test
    @Order(3)
    void publishingEverythingAgainAddsNoRowAndChangesNoValue() throws Exception {
        String before = dump();
        Map<String, Long> counted = Map.copyOf(STORED);
        publishAll();
        assertThat(stream.drain(Duration.ofSeconds(120))).isTrue();
        assertThat(dump()).isEqualTo(before);
        assertThat(STORED).as("a replay stores no row, so none is counted").isEqualTo(counted);
    }

    @Test
    @Order(4)
    void storesLivePricesAsTicksAndCandlesAndRejectsABadTick() throws Exception {
        send("coincap.prices", "bitcoin", tick("bitcoin", "2026-11-27T10:00:01.500Z", "98765.4321000"));
        send("coincap.prices", "bitcoin", tick("bitcoin", "2026-11-27T10:00:31Z", "98800.5"));
        send("coincap.prices", "bitcoin", tick("bitcoin", "2026-11-27T10:00:31Z", "1"));
        send("coincap.prices", "bitcoin", tick("bitcoin", "2026-11-27T10:00:02Z", "-5"));
        producer.flush();
        assertThat(stream.drain(Duration.ofSeconds(120))).as(stream.failure().orElse("drained")).isTrue();
        assertThat(text("SELECT price_usd::text FROM price_ticks ORDER BY ts"))
                .containsExactly("98765.4321000", "98800.5");
        assertThat(text("SELECT count(*) FROM price_tick_duplicates")).containsExactly("1");
        assertThat(text("SELECT open::text || ' ' || close::text || ' ' || tick_count FROM candles_1m"))
                .containsExactly("98765.4321000 98800.5 2");
        assertThat(text("SELECT reason FROM rejected_records WHERE topic = 'coincap.prices'"))
                .singleElement().asString().contains("negative");
        assertThat(STORED).containsEntry("price_ticks", 2L).containsEntry("price_tick_duplicates", 1L)
                .containsEntry("candles_1m", 1L).containsEntry("rejected_records", 5L);
    }

    @Test
    @Order(5)
    void storesThePositionOfEveryTopicPartitionItRead() throws Exception {
        assertThat(text("SELECT DISTINCT query FROM stream_progress")).containsExactly(
                "coincap-assets-rates-exchanges-markets");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", kafka.bootstrapServers()));
             Connection c = pg.dataSource().getConnection()) {
            Map<String, Long> lag = StreamLag.measure(admin, c, "coincap-assets-rates-exchanges-markets",
                    List.of("coincap.assets", "coincap.rates", "coincap.exchanges", "coincap.markets",
                            "coincap.prices", "coincap.ledger"));
            assertThat(lag.values()).containsOnly(0L);
        }
    }

    private static void publishAll() {
        send("coincap.assets", "bitcoin", RecordDecoderTest.fixture("asset-v3.json"));
        send("coincap.rates", "são-tomé-and-príncipe-dobra-(pre-2018)", RecordDecoderTest.fixture("rate-v2.json"));
        send("coincap.exchanges", "binance", RecordDecoderTest.fixture("exchange-v3.json"));
        send("coincap.markets", "binance/bitcoin/tether", RecordDecoderTest.fixture("market-v3.json"));
        send("coincap.ledger", "6f1c2d3e-0000-4000-8000-000000000001", RecordDecoderTest.fixture("ledger-ok.json"));
        send("coincap.ledger", "6f1c2d3e-0000-4000-8000-000000000007",
                RecordDecoderTest.fixture("ledger-failed.json"));
        producer.flush();
    }

    private static String tick(String asset, String receivedAt, String price) {
        return "{\"schema\":1,\"source\":\"ws://127.0.0.1:1\",\"via\":\"socket\",\"received_at\":\""
                + receivedAt + "\",\"asset_id\":\"" + asset + "\",\"price\":\"" + price + "\"}";
    }

    private static void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Every table in a stable text form. */
    private static String dump() throws Exception {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("assets", "asset_snapshots", "rates", "rate_snapshots", "exchanges",
                "exchange_snapshots", "markets", "market_snapshots", "ingest_ledger")) {
            all.append(table).append(':').append(text("SELECT t::text FROM " + table + " t ORDER BY t::text"))
                    .append('\n');
        }
        all.append(text("SELECT topic || partition || kafka_offset || reason FROM rejected_records ORDER BY 1"));
        return all.toString();
    }

    private static List<String> text(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
