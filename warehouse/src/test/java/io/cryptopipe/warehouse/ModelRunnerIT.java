package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptopipe.core.batch.Partition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRunnerIT {
    private static final Partition DAY1 = new Partition(LocalDate.parse("2026-11-01"));
    private static final Partition DAY2 = new Partition(LocalDate.parse("2026-11-02"));

    @TempDir
    Path tmp;

    private Path dataDir;
    private Connection duckdb;
    private final Project tiny = Project.load(ProjectTest.projectDir("tiny"));

    @BeforeEach
    void open() throws SQLException {
        dataDir = tmp.resolve("data");
        duckdb = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("warehouse.duckdb"));
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
    }

    /** One lake partition of {@code prices}: {@code rows} as {@code 'asset', price, 'HH:MM'} SQL tuples. */
    private void lake(Partition day, String... rows) throws Exception {
        Path dir = dataDir.resolve("lake/prices/date=" + day);
        Files.createDirectories(dir);
        List<String> values = new ArrayList<>();
        for (String r : rows) {
            String[] p = r.split(",");
            values.add("(" + p[0] + ", " + p[1] + ", TIMESTAMPTZ '" + day + " " + p[2].strip().replace("'", "")
                    + ":00+00')");
        }
        exec("COPY (SELECT * FROM (VALUES " + String.join(", ", values) + ") AS t(asset_id, price, observed_at))"
                + " TO '" + dir.resolve("part-0.parquet") + "' (FORMAT parquet)");
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private RunSummary run(Partition day, boolean fullRefresh, List<String> progress) {
        return new ModelRunner(tiny, duckdb, dataDir).run(RunContext.of(day, fullRefresh), progress::add);
    }

    private static final String FCT = "SELECT date, asset_id, observations, high_price FROM main.fct_daily"
            + " ORDER BY date, asset_id";

    @Test
    void runsAStagingViewOverTheLakeThenATableAndAnIncrementalMartInDependencyOrder() throws Exception {
        lake(DAY1, "'btc', 100.5, '00:00'", "'btc', 101.25, '00:05'", "'eth', 10, '00:00'");
        List<String> progress = new ArrayList<>();

        RunSummary summary = run(DAY1, false, progress);

        assertThat(summary.models()).extracting(ModelResult::model, ModelResult::materialized, ModelResult::rows)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("stg_prices", "view", -1L),
                        org.assertj.core.groups.Tuple.tuple("dim_asset", "table", 2L),
                        org.assertj.core.groups.Tuple.tuple("fct_daily", "incremental", 2L));
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).matches("models: 1/3 stg_prices \\(view\\) in \\d+\\.\\d s");
        assertThat(progress.get(2)).matches("models: 3/3 fct_daily \\(incremental\\) 2 rows in \\d+\\.\\d s");
        assertThat(rows(FCT)).containsExactly(
                "2026-11-01 | btc | 2 | 101.250000",
                "2026-11-01 | eth | 1 | 10.000000");
        assertThat(rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'"
                + " ORDER BY table_name")).containsExactly(
                "dim_asset | BASE TABLE", "fct_daily | BASE TABLE", "run_context | BASE TABLE",
                "stg_prices | VIEW");
    }

    @Test
    void rerunningAPartitionReplacesItsIncrementalRowsInsteadOfDoublingThemAndFullRefreshAgrees() throws Exception {
        lake(DAY1, "'btc', 100, '00:00'", "'eth', 10, '00:00'");
        run(DAY1, false, new ArrayList<>());
        lake(DAY2, "'btc', 200, '00:00'", "'btc', 210, '01:00'");
        RunSummary second = run(DAY2, false, new ArrayList<>());
        assertThat(second.models().get(2).rows()).as("rows inserted for day 2 only").isEqualTo(1);

        // the day-1 partition is re-extracted with one more observation, then re-run
        lake(DAY1, "'btc', 100, '00:00'", "'btc', 150, '12:00'", "'eth', 10, '00:00'");
        RunSummary rerun = run(DAY1, false, new ArrayList<>());

        assertThat(rerun.models().get(2).rows()).isEqualTo(2);
        List<String> incremental = rows(FCT);
        assertThat(incremental).containsExactly(
                "2026-11-01 | btc | 2 | 150.000000",
                "2026-11-01 | eth | 1 | 10.000000",
                "2026-11-02 | btc | 2 | 210.000000");

        RunSummary full = run(DAY2, true, new ArrayList<>());
        assertThat(full.models().get(2).rows()).isEqualTo(3);
        assertThat(rows(FCT)).isEqualTo(incremental);
    }

    @Test
    void aMartKeyedByDateAloneLosesAPartitionsRowsWhenItsRerunYieldsNone() throws Exception {
        Project partitioned = Project.load(ProjectTest.projectDir("partitioned"));
        lake(DAY1, "'btc', 150, '00:00'");
        lake(DAY2, "'btc', 160, '00:00'");
        new ModelRunner(partitioned, duckdb, dataDir).run(RunContext.of(DAY1, false), line -> { });
        new ModelRunner(partitioned, duckdb, dataDir).run(RunContext.of(DAY2, false), line -> { });
        assertThat(rows("SELECT date, asset_id FROM main.fct_gainers ORDER BY date")).containsExactly(
                "2026-11-01 | btc", "2026-11-02 | btc");

        // day 1 re-extracted: no asset above 100 any more, so the re-run yields no rows for it
        lake(DAY1, "'btc', 90, '00:00'");
        new ModelRunner(partitioned, duckdb, dataDir).run(RunContext.of(DAY1, false), line -> { });

        assertThat(rows("SELECT date, asset_id FROM main.fct_gainers ORDER BY date")).containsExactly(
                "2026-11-02 | btc");
    }

    @Test
    void isIncrementalIsTrueOnlyOnceTheTableExistsAndNotOnFullRefresh() throws Exception {
        lake(DAY1, "'btc', 100, '00:00'");
        ModelRunner runner = new ModelRunner(tiny, duckdb, dataDir);
        Model fct = tiny.model("fct_daily");
        String incrementalFilter = "where date = (select partition_date from main.run_context)";

        assertThat(runner.render(fct, RunContext.of(DAY1, false))).doesNotContain(incrementalFilter)
                .contains("from main.stg_prices");
        runner.run(RunContext.of(DAY1, false), line -> { });
        assertThat(runner.render(fct, RunContext.of(DAY1, false))).contains(incrementalFilter);
        assertThat(runner.render(fct, RunContext.of(DAY1, true))).doesNotContain(incrementalFilter);
    }

    @Test
    void rendersALakeSourceToItsExternalLocationWithTheDataDirectoryAndOthersToMain() {
        ModelRunner runner = new ModelRunner(tiny, duckdb, dataDir);

        assertThat(runner.render(tiny.model("stg_prices"), RunContext.of(DAY1, false)))
                .contains("from read_parquet('" + dataDir.toAbsolutePath() + "/lake/prices/*/*.parquet',"
                        + " hive_partitioning = true)")
                .doesNotContain("{{").doesNotContain("{#");
        assertThat(runner.relation(tiny.source("batch", "run_context").orElseThrow()))
                .isEqualTo("main.run_context");
    }

    @Test
    void writesTheRunContextBeforeTheModels() throws Exception {
        lake(DAY1, "'btc', 100, '00:00'");
        Instant start = DAY1.start();
        Instant end = Instant.parse("2026-11-01T13:30:00Z");

        new ModelRunner(tiny, duckdb, dataDir).run(new RunContext(DAY1, start, end, false), line -> { });

        try (Statement s = duckdb.createStatement();
             ResultSet rs = s.executeQuery("SELECT partition_date, window_start, window_end,"
                     + " typeof(window_start) FROM main.run_context")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(DAY1.date());
            assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(start);
            assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(end);
            assertThat(rs.getString(4)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void theStagingViewOverTheLakeWorksFromAnotherConnection() throws Exception {
        lake(DAY1, "'btc', 100, '00:00'", "'eth', 10, '00:00'");
        run(DAY1, false, new ArrayList<>());

        try (Connection other = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("warehouse.duckdb"));
             Statement s = other.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM main.stg_prices")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void aFailingModelStopsTheRunNamingTheModelItsFileAndDuckDbsMessage() throws Exception {
        Project broken = Project.load(ProjectTest.projectDir("broken"));
        List<String> progress = new ArrayList<>();

        ModelRunException e = catchThrowableOfType(ModelRunException.class,
                () -> new ModelRunner(broken, duckdb, dataDir).run(RunContext.of(DAY1, false), progress::add));

        assertThat(e.model()).isEqualTo("bad");
        assertThat(e.getMessage()).contains("Model bad (models/bad.sql) failed:").contains("missing_table");
        assertThat(progress).singleElement().asString().startsWith("models: 1/3 good (table) 1 rows");
        assertThat(rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                + " ORDER BY table_name")).containsExactly("good", "run_context");
        assertThat(duckdb.getAutoCommit()).isTrue();
    }

    @Test
    void aModelChangingFromViewToTableReplacesTheView() throws Exception {
        lake(DAY1, "'btc', 100, '00:00'");
        exec("CREATE VIEW main.dim_asset AS SELECT 1 AS asset_id");

        run(DAY1, false, new ArrayList<>());

        assertThat(rows("SELECT table_type FROM information_schema.tables WHERE table_name = 'dim_asset'"))
                .containsExactly("BASE TABLE");
    }
}
