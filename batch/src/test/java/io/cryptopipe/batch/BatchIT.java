package io.cryptopipe.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.batch.gate.GateResult;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.warehouse.GoldenFixture;
import io.cryptopipe.warehouse.Project;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * The batch DAG from PostgreSQL to marts on the real engines: embedded PostgreSQL, local Spark, DuckDB. One server and
 * one Spark session for the class; each test starts from the golden fixture days loaded into an emptied database and
 * a fresh data directory.
 */
class BatchIT {
    static final List<String> MARTS = List.of("dim_asset", "dim_exchange", "dim_currency", "fct_asset_snapshot",
            "fct_market_snapshot", "fct_rate_snapshot", "fct_asset_daily", "fct_exchange_daily",
            "mart_market_overview", "mart_top_movers", "mart_market_wide");
    static final Instant AFTER_FIXTURE = GoldenFixture.DAYS.get(GoldenFixture.DAYS.size() - 1).plusDays(1)
            .atTime(6, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    static Path shared;
    static PgServer server;
    static SparkSession spark;
    static SourceDb db;

    @TempDir
    Path data;

    @BeforeAll
    static void start() throws IOException {
        server = PgServer.start(shared.resolve("pg"), shared.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        db = new SourceDb(server.jdbcUrl(), null, null);
        spark = SparkSession.builder().master("local[2]").appName("BatchIT")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
                .config("spark.local.dir", shared.resolve("spark").toString()).getOrCreate();
    }

    @AfterAll
    static void stop() throws IOException {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void loadFixture() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE asset_snapshots, rate_snapshots, exchange_snapshots, market_snapshots, ingest_ledger, "
                    + "batch_partitions, batch_runs, batch_gate_results, scheduled_tasks");
            for (String table : GoldenFixture.tables()) {
                copyCsv(c, table);
            }
        }
    }

    BatchJob job(Path dataDir, Clock clock) {
        return new BatchJob(db, () -> spark, Project.fromClasspath("warehouse"), new BatchPaths(dataDir), 0.5, clock,
                line -> { });
    }

    BatchJob job() {
        return job(data, Clock.fixed(AFTER_FIXTURE, ZoneOffset.UTC));
    }

    List<BatchJob.Outcome> backfill(BatchJob job) throws Exception {
        List<BatchJob.Outcome> outcomes = new ArrayList<>();
        for (var day : GoldenFixture.DAYS) {
            outcomes.add(job.run(new Partition(day), EnumSet.allOf(Step.class), "test"));
        }
        return outcomes;
    }

    @Test
    void goldenFixtureDaysGoFromPostgresThroughTheLakeToTheHandWrittenMarts() throws Exception {
        List<BatchJob.Outcome> outcomes = backfill(job());

        for (BatchJob.Outcome o : outcomes) {
            assertThat(o.gates().stream().filter(GateResult::failed).map(GateResult::line)).as(o.partition()
                    .toString()).isEmpty();
            assertThat(o.ok()).isTrue();
            assertThat(o.report()).hasValueSatisfying(p -> assertThat(p).exists());
        }
        try (Connection duck = new BatchPaths(data).openWarehouse()) {
            GoldenFixture.assertMartsMatch(duck);
        }
        assertThat(new BatchHistory(db).partitions()).extracting(BatchHistory.PartitionRow::state)
                .containsOnly("succeeded");
    }

    @Test
    void aRerunAndABackfillIntoAFreshDirectoryGiveIdenticalMarts(@TempDir Path other) throws Exception {
        backfill(job());
        String first = dumpMarts(data);
        BatchJob.Outcome rerun = job().run(new Partition(GoldenFixture.DAYS.get(1)), EnumSet.allOf(Step.class), "test");
        assertThat(rerun.ok()).isTrue();
        assertThat(dumpMarts(data)).isEqualTo(first);

        backfill(job(other, Clock.fixed(AFTER_FIXTURE, ZoneOffset.UTC)));
        assertThat(dumpMarts(other)).isEqualTo(first);
    }

    @Test
    void aFailingGateNamesItsRowsAndFailsTheRun() throws Exception {
        Partition day = new Partition(GoldenFixture.DAYS.get(0));
        execute("UPDATE asset_snapshots SET price_usd = price_usd * 1000 WHERE id = 'ethereum' AND observed_at = "
                + "(SELECT min(observed_at) FROM asset_snapshots WHERE id = 'ethereum')");

        BatchJob.Outcome outcome = job().run(day, EnumSet.allOf(Step.class), "test");

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("price_vs_vwap"));
        GateResult vwap = outcome.gates().stream().filter(g -> g.gate().equals("price_vs_vwap")).findFirst()
                .orElseThrow();
        assertThat(vwap.failures()).isEqualTo(1);
        assertThat(vwap.samples()).singleElement().asString().startsWith("ethereum ");
        assertThat(new BatchHistory(db).partitions()).singleElement()
                .extracting(BatchHistory.PartitionRow::state).isEqualTo("failed");
        assertThat(Files.readString(outcome.report().orElseThrow())).contains("price_vs_vwap");
    }

    @Test
    void decimalsTheLakeCannotHoldFailForPricesAndWarnForPercentages() throws Exception {
        Partition day = new Partition(GoldenFixture.DAYS.get(1));
        execute("UPDATE asset_snapshots SET price_usd = price_usd + 0.0000000000000000001, change_percent_24hr = "
                + "0.1234567890123456789 WHERE id = 'tether' AND observed_at = (SELECT min(observed_at) FROM "
                + "asset_snapshots WHERE id = 'tether' AND observed_at >= '" + day.start() + "')");

        BatchJob.Outcome outcome = job().run(day, EnumSet.allOf(Step.class), "test");

        assertThat(outcome.gates()).filteredOn(g -> g.failures() > 0).extracting(GateResult::gate, GateResult::severity,
                GateResult::failures).contains(
                org.assertj.core.groups.Tuple.tuple("decimal_loss_asset_snapshots", GateResult.Severity.ERROR, 1L),
                org.assertj.core.groups.Tuple.tuple("decimal_loss_asset_snapshots_float_digits", GateResult.Severity.WARN,
                        1L));
        assertThat(outcome.gates()).filteredOn(g -> g.gate().equals("decimal_loss_asset_snapshots")).singleElement()
                .satisfies(g -> assertThat(g.samples()).singleElement().asString().startsWith("tether/"));
        assertThat(outcome.ok()).isFalse();
    }

    @Test
    void reconciliationCatchesARowDeletedFromTheLake() throws Exception {
        Partition day = new Partition(GoldenFixture.DAYS.get(0));
        assertThat(job().run(day, EnumSet.allOf(Step.class), "test").ok()).isTrue();
        Path partition = data.resolve("lake/asset_snapshots/date=" + day);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + partition + "/*.parquet') WHERE id <> 'tether' OR "
                    + "observed_at <> (SELECT min(observed_at) FROM read_parquet('" + partition + "/*.parquet'))) TO '"
                    + shared.resolve("one-less.parquet") + "' (FORMAT parquet)");
        }
        try (Stream<Path> files = Files.list(partition)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.move(shared.resolve("one-less.parquet"), partition.resolve("part-0.parquet"));

        BatchJob.Outcome gates = job().run(day, EnumSet.of(Step.GATES), "test");

        GateResult reconcile = gates.gates().stream().filter(g -> g.gate().equals("reconcile_asset_snapshots"))
                .findFirst().orElseThrow();
        assertThat(reconcile.failed()).isTrue();
        assertThat(reconcile.samples()).anySatisfy(s -> assertThat(s).startsWith("asset_snapshots.rows: postgres "));
        assertThat(gates.ok()).isFalse();
    }

    @Test
    void aLateRowMarksItsPartitionDirtyAndTheSchedulerRunsItAgain() throws Exception {
        backfill(job());
        Partition day = new Partition(GoldenFixture.DAYS.get(0));
        execute("INSERT INTO asset_snapshots (id, symbol, name, price_usd, observed_at) VALUES ('bitcoin', 'BTC', "
                + "'Bitcoin', 68100.5, '" + day + "T23:59:00Z')");
        Clock clock = Clock.fixed(AFTER_FIXTURE, ZoneOffset.UTC);
        try (BatchScheduler scheduler = new BatchScheduler(server.dataSource(), db, job(data, clock), clock,
                Duration.ofHours(1), Duration.ofDays(30), 0, line -> { })) {
            assertThat(scheduler.due()).containsExactly(day);
            assertThat(new BatchHistory(db).partitions()).filteredOn(p -> p.date().equals(day.date())).singleElement()
                    .satisfies(p -> {
                        assertThat(p.state()).isEqualTo("dirty");
                        assertThat(p.dirtyReason()).contains("asset_snapshots");
                    });
            scheduler.start();
            scheduler.plan();
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            // Each day ran once in the backfill; the late row re-runs day 1, which makes days 2 and 3 dirty in turn.
            while (!GoldenFixture.DAYS.stream().allMatch(d -> runsOf(new Partition(d)) == 2
                    && stateOf(new Partition(d)).equals("succeeded")) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
        // The day re-ran with the late row, and the next day re-ran after it: its return divides by the new close.
        assertThat(GoldenFixture.DAYS).allSatisfy(d -> {
            assertThat(stateOf(new Partition(d))).isEqualTo("succeeded");
            assertThat(runsOf(new Partition(d))).isEqualTo(2);
        });
        try (Connection duck = new BatchPaths(data).openWarehouse(); Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM fct_asset_snapshot WHERE price_usd = 68100.5),"
                     + " d1.close_price_usd, abs(d2.daily_return::DOUBLE - (d2.close_price_usd::DOUBLE "
                     + "/ d1.close_price_usd::DOUBLE - 1)) FROM fct_asset_daily d1 JOIN fct_asset_daily d2 "
                     + "ON d2.asset_id = d1.asset_id AND d2.date = d1.date + 1 WHERE d1.asset_id = 'bitcoin' "
                     + "AND d1.date = DATE '" + day + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("68100.5");
            assertThat(rs.getDouble(3)).isLessThan(1e-9);
        }
    }

    @Test
    void aDayLeftRunningByAKilledRunIsDueAgainOnlyWhenNoRunHoldsTheLock() throws Exception {
        backfill(job());
        Partition day = new Partition(GoldenFixture.DAYS.get(2));
        Clock clock = Clock.fixed(AFTER_FIXTURE, ZoneOffset.UTC);
        new BatchHistory(db).partitionState(day, "running", java.util.UUID.randomUUID(),
                new RunWindow(day, day.start(), day.end(), false), java.util.Optional.empty(), AFTER_FIXTURE);
        try (BatchScheduler scheduler = new BatchScheduler(server.dataSource(), db, job(data, clock), clock,
                Duration.ofHours(1), Duration.ofDays(30), 0, line -> { })) {
            try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + BatchJob.LOCK + ")");
                assertThat(scheduler.due()).as("a run holds the lock: the day is really running").isEmpty();
                st.execute("SELECT pg_advisory_unlock(" + BatchJob.LOCK + ")");
            }
            assertThat(scheduler.due()).containsExactly(day);
        }
    }

    @Test
    void anOpenDayIsJudgedOnlyUpToWhereTheLedgerShowsIngest() throws Exception {
        Partition day = new Partition(GoldenFixture.DAYS.get(0));
        Instant noon = day.start().plus(Duration.ofHours(12));
        try (Connection c = db.connect()) {
            execute("DELETE FROM ingest_ledger WHERE observed_at > '" + noon + "'");
            RunWindow window = RunWindow.of(c, day, day.start().plus(Duration.ofHours(20)));
            assertThat(window.open()).isTrue();
            assertThat(window.end()).isAfter(day.start()).isBeforeOrEqualTo(day.start().plus(Duration.ofHours(20)));
            RunWindow closed = RunWindow.of(c, day, AFTER_FIXTURE);
            assertThat(closed.open()).isFalse();
            assertThat(closed.end()).isEqualTo(day.end());
        }
    }

    @Test
    void aSecondRunWhileOneHoldsTheLockIsRefused() throws Exception {
        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + BatchJob.LOCK + ")");
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> job().run(new Partition(
                        GoldenFixture.DAYS.get(0)), EnumSet.allOf(Step.class), "test"))
                        .isInstanceOf(BatchJob.BusyException.class).hasMessageContaining("another batch run");
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + BatchJob.LOCK + ")");
            }
        }
    }

    private int runsOf(Partition day) {
        try {
            return new BatchHistory(db).runsOf(day);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String stateOf(Partition day) {
        try {
            return new BatchHistory(db).partitions().stream().filter(p -> p.date().equals(day.date()))
                    .map(BatchHistory.PartitionRow::state).findFirst().orElse("none");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every mart, rows sorted, as text: equal text means identical marts. */
    static String dumpMarts(Path dataDir) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection duck = new BatchPaths(dataDir).openWarehouse(); Statement st = duck.createStatement()) {
            for (String mart : MARTS) {
                sb.append("== ").append(mart).append('\n');
                try (ResultSet rs = st.executeQuery("SELECT * FROM main." + mart + " ORDER BY ALL")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    static void copyCsv(Connection c, String table) throws Exception {
        try (BufferedReader header = new BufferedReader(GoldenFixture.csv(table)); Reader body = GoldenFixture.csv(table)) {
            String columns = header.readLine();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH "
                    + "(FORMAT csv, HEADER true)", body);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
