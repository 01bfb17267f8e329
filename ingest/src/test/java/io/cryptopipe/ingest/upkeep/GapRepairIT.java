package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.testing.SteppingClock;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import io.cryptopipe.source.ClientMetrics;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.CreditBudget;
import io.cryptopipe.source.Endpoints;
import io.cryptopipe.source.RateLimiter;
import io.cryptopipe.source.RetryPolicy;
import io.cryptopipe.source.Sleeper;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.store.sink.LedgerRow;
import io.cryptopipe.store.sink.PgSink;
import io.cryptopipe.store.sink.SinkBatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap repair end to end on real servers: polls of the simulator (one failed by its fault injection) go through the
 * real publisher and sink into the embedded PostgreSQL, the failed poll shows in {@code ingest_gaps}, and the
 * repairer fills it from the simulator's {@code /history}. Time is a test clock shared by the simulators and the
 * clients, so a gap can be "over" without waiting.
 */
class GapRepairIT {
    static final SimulatorConfig SMALL = new SimulatorConfig("127.0.0.1", 0, 5, 2, 0, 17, 1);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2026-11-27T10:00:40Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GAPS = "SELECT to_char(slot_start AT TIME ZONE 'UTC', 'HH24:MI:SS') || '-' "
            + "|| to_char(slot_end AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' ' || reason FROM ingest_gaps "
            + "WHERE entity = 'assets' ORDER BY slot_start";
    static final String REPAIRS = "SELECT to_char(slot_start AT TIME ZONE 'UTC', 'HH24:MI:SS') || '-' "
            + "|| to_char(slot_end AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' ' || status || ' ' "
            + "|| coalesce(history_interval, '-') || ' assets ' || assets || ' points ' || points || ' requests ' "
            + "|| requests || ' credits ' || credits_spent FROM gap_repairs ORDER BY attempted_at, slot_start";

    @TempDir
    static Path shared;
    static PgServer pg;

    @TempDir
    Path data;
    SteppingClock clock;
    Sleeper onClock;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = PgServer.start(shared.resolve("pg"), shared.resolve("pg-runtime"));
        Schema.migrate(pg.dataSource());
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        pg.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE ingest_ledger, asset_snapshots, gap_repairs, asset_price_history");
        clock = new SteppingClock(T0, Duration.ZERO);
        onClock = clock::advance;
    }

    @Test
    void aPollFailedByTheSimulatorsFaultsShowsInIngestGapsAndRepairFillsItFromHistory() throws Exception {
        List<BigDecimal> missedPrices;
        try (Simulator healthy = Simulator.start(SMALL, clock);
             Simulator faulty = Simulator.start(SMALL.withFaults(FaultPlan.parse("5xx=1")), clock)) {
            CoinCapClient live = client(healthy, Optional.of(100_000L)); // headroom beyond the pollers' needs
            CoinCapClient failing = client(faulty, Optional.empty());
            RawArchive archive = new RawArchive(data.resolve("raw"));
            MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new StringSerializer());
            PollPublisher publisher = new PollPublisher(producer, archive);

            publisher.publish(okPoll(live, archive));                          // 10:00:40
            clock.advance(INTERVAL);
            publisher.publish(okPoll(live, archive));                          // 10:00:50
            clock.advance(INTERVAL);
            missedPrices = prices(live.poll(Endpoints.assets()).values());      // what the failed poll missed
            publisher.publish(failedPoll(failing, archive));                   // 10:01:00, a 5xx
            clock.advance(INTERVAL);
            publisher.publish(okPoll(live, archive));                          // 10:01:10
            clock.advance(INTERVAL);
            publisher.publish(failedPoll(failing, archive));                   // 10:01:20, no whole minute in it
            clock.advance(INTERVAL);
            publisher.publish(okPoll(live, archive));                          // 10:01:30
            store(producer.history());

            assertThat(column(GAPS)).containsExactly("10:01:00-10:01:10 failed", "10:01:20-10:01:30 failed");

            clock.advance(Duration.ofMinutes(10));
            GapRepairer repairer = repairer(live, 100);
            long before = healthy.requests();
            GapRepairer.Report report = repairer.runOnce();

            assertThat(report.spans()).isEqualTo(2);
            assertThat(report.repaired()).isEqualTo(1);
            assertThat(report.verifiedEmpty()).isEqualTo(1);
            assertThat(healthy.requests() - before).as("one history request per asset").isEqualTo(5);
            assertThat(column(REPAIRS)).containsExactly(
                    "10:01:00-10:01:10 repaired m1 assets 5 points 5 requests 5 credits 5",
                    "10:01:20-10:01:30 verified_empty m1 assets 0 points 0 requests 0 credits 0");
            assertThat(column("SELECT DISTINCT ts AT TIME ZONE 'UTC' FROM asset_price_history"))
                    .containsExactly("2026-11-27 10:01:00");
            List<BigDecimal> repaired = column("SELECT price_usd::text FROM asset_price_history ORDER BY asset_id")
                    .stream().map(BigDecimal::new).toList();
            assertThat(repaired).as("the prices the failed poll would have read")
                    .usingElementComparator(BigDecimal::compareTo).containsExactlyInAnyOrderElementsOf(missedPrices);

            long after = healthy.requests();
            GapRepairer.Report again = repairer.runOnce();
            assertThat(again.spans()).as("settled gaps are never retried").isZero();
            assertThat(healthy.requests()).isEqualTo(after);
            assertThat(column(REPAIRS)).hasSize(2);
        }
    }

    @Test
    void aRepairThatKeepsFailingIsGivenUpAfterABoundedNumberOfAttempts() throws Exception {
        ledger("10:00:40", "ok");
        ledger("10:00:50", "ok");
        assets("10:00:40", "bitcoin", "ethereum");
        ledger("10:01:00", "failed");
        ledger("10:01:10", "ok");
        clock.advance(Duration.ofMinutes(10));
        try (Simulator faulty = Simulator.start(SMALL.withFaults(FaultPlan.parse("5xx=1")), clock)) {
            GapRepairer repairer = repairer(client(faulty, Optional.empty()), 100);
            for (int i = 0; i < GapRepairer.MAX_FAILED_ATTEMPTS; i++) {
                assertThat(repairer.runOnce().failed()).isEqualTo(1);
            }
            long requests = faulty.requests();
            assertThat(repairer.runOnce().spans()).isZero();
            assertThat(faulty.requests()).isEqualTo(requests);
        }
        assertThat(column(REPAIRS)).hasSize(GapRepairer.MAX_FAILED_ATTEMPTS)
                .allSatisfy(r -> assertThat(r).startsWith("10:01:00-10:01:10 failed m1 assets 0 points 0 requests 4"));
        assertThat(column("SELECT detail FROM gap_repairs")).allSatisfy(d -> assertThat(d).contains("2 of 2 asset"));
    }

    @Test
    void withoutCreditHeadroomRepairSendsNothingAndSaysSoOnceADay() throws Exception {
        ledger("10:00:40", "ok");
        ledger("10:00:50", "ok");
        assets("10:00:40", "bitcoin");
        ledger("10:01:00", "refused");
        ledger("10:01:10", "ok");
        clock.advance(Duration.ofMinutes(10));
        try (Simulator healthy = Simulator.start(SMALL, clock)) {
            // 80 credits a day, and assets polled every 10 s: the pollers need all of it.
            GapRepairer repairer = repairer(client(healthy, Optional.of(80L)), 100);
            assertThat(repairer.runOnce().skippedBudget()).isEqualTo(1);
            assertThat(repairer.runOnce().skippedBudget()).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
            repairer.runOnce();
            assertThat(healthy.requests()).isZero();
        }
        assertThat(column(REPAIRS)).containsExactly(
                "10:01:00-10:01:10 skipped_budget m1 assets 0 points 0 requests 0 credits 0",
                "10:01:00-10:01:10 skipped_budget m1 assets 0 points 0 requests 0 credits 0");
        assertThat(column("SELECT detail FROM gap_repairs LIMIT 1")).singleElement().asString()
                .contains("no credit headroom").contains("of 80 credits");
    }

    @Test
    void repairAsksForTheTopRankedAssetsOnlyUpToItsCap() throws Exception {
        ledger("10:00:40", "ok");
        ledger("10:00:50", "ok");
        execute("INSERT INTO asset_snapshots (id, rank, observed_at) VALUES ('asset-5', 5, '2026-11-27T10:00:40Z'), "
                + "('asset-1', 1, '2026-11-27T10:00:40Z'), ('asset-2', 2, '2026-11-27T10:00:40Z')");
        ledger("10:01:00", "failed");
        ledger("10:01:10", "ok");
        clock.advance(Duration.ofMinutes(10));
        try (Simulator healthy = Simulator.start(SMALL, clock)) {
            CoinCapClient client = client(healthy, Optional.empty());
            List<String> ids = client.poll(Endpoints.assets()).values().stream().map(Asset::id).toList();
            execute("UPDATE asset_snapshots SET id = CASE id WHEN 'asset-1' THEN '" + ids.get(0) + "' WHEN 'asset-2' "
                    + "THEN '" + ids.get(1) + "' ELSE '" + ids.get(4) + "' END");
            assertThat(repairer(client, 2).runOnce().repaired()).isEqualTo(1);
            assertThat(column("SELECT asset_id FROM asset_price_history ORDER BY asset_id"))
                    .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        }
        assertThat(column("SELECT detail FROM gap_repairs")).containsExactly("2 of 3 assets known before the gap");
    }

    private ArchivedPoll okPoll(CoinCapClient client, RawArchive archive) throws Exception {
        ArchivedPoll poll = ArchivedPoll.ok(client.poll(Endpoints.assets()), "test", "v3", INTERVAL);
        archive.append(poll);
        return poll;
    }

    private ArchivedPoll failedPoll(CoinCapClient client, RawArchive archive) throws Exception {
        Instant attempted = clock.instant();
        CoinCapException failure = null;
        try {
            client.poll(Endpoints.assets());
        } catch (CoinCapException e) {
            failure = e;
        }
        assertThat(failure).as("the fault plan fails every request").isNotNull();
        ArchivedPoll poll = ArchivedPoll.failed("assets", "test", "v3", attempted, clock.instant(), failure, INTERVAL);
        archive.append(poll);
        return poll;
    }

    private CoinCapClient client(Simulator sim, Optional<Long> creditsPerDay) {
        ClientSettings settings = new ClientSettings(URI.create(sim.baseUrl() + "/v3"), ApiShape.V3,
                creditsPerDay.map(c -> "test-key"), false, 100_000, creditsPerDay, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(20), new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)),
                ClientSettings.MAX_PAGE);
        return new CoinCapClient(settings, HttpClient.newHttpClient(), new RateLimiter(100_000, clock, onClock),
                creditsPerDay.map(c -> new CreditBudget(c, clock)), clock, onClock, new Random(3),
                new ClientMetrics());
    }

    private GapRepairer repairer(CoinCapClient client, int maxAssets) {
        return new GapRepairer(new GapRepairer.Settings(maxAssets, Duration.ofDays(7), Duration.ofMillis(5)), client,
                Map.of("assets", INTERVAL), pg.dataSource()::getConnection, clock, onClock);
    }

    /** What the stream would store: the ledger rows through the real sink, the assets' keys and prices. */
    private static void store(List<ProducerRecord<String, String>> records) throws Exception {
        List<LedgerRow> ledger = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection()) {
            for (ProducerRecord<String, String> record : records) {
                JsonNode node = JSON.readTree(record.value());
                if (record.topic().equals(PollPublisher.LEDGER_TOPIC)) {
                    ledger.add(new LedgerRow(UUID.fromString(node.get("poll_id").asText()), node.get("entity").asText(),
                            node.get("source").asText(), Instant.parse(node.get("observed_at").asText()), null,
                            node.get("items_returned").asInt(), node.get("repeats").asInt(),
                            node.get("rejected").asInt(), node.get("requests").asInt(), node.get("outcome").asText(),
                            node.get("reason").isNull() ? null : node.get("reason").asText(), null, null,
                            node.get("interval_ms").isNull() ? null : node.get("interval_ms").asLong()));
                } else {
                    JsonNode item = node.get("item");
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO asset_snapshots (id, rank, price_usd, observed_at) VALUES ('"
                                + item.get("id").asText() + "', " + item.get("rank").asInt() + ", "
                                + item.get("priceUsd").asText() + ", '" + node.get("observed_at").asText() + "')");
                    }
                }
            }
            new PgSink().write(c, new SinkBatch(Map.of(), List.of(), ledger, List.of()));
        }
    }

    private static List<BigDecimal> prices(List<Asset> assets) {
        return assets.stream().map(Asset::priceUsd).toList();
    }

    private static void ledger(String time, String outcome) throws SQLException {
        execute("INSERT INTO ingest_ledger (poll_id, entity, observed_at, items_returned, outcome, interval_ms) "
                + "VALUES (gen_random_uuid(), 'assets', '2026-11-27T" + time + "Z', 1, '" + outcome + "', "
                + INTERVAL.toMillis() + ")");
    }

    private static void assets(String time, String... ids) throws SQLException {
        for (int i = 0; i < ids.length; i++) {
            execute("INSERT INTO asset_snapshots (id, rank, observed_at) VALUES ('" + ids[i] + "', " + (i + 1)
                    + ", '2026-11-27T" + time + "Z')");
        }
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
