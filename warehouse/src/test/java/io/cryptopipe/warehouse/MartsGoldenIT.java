package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.batch.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped models over the golden fixture's lake, run day by day as the batch runs them (window = each whole
 * day), against the hand-computed marts of {@code golden/marts} (see {@code golden/README.md}).
 */
class MartsGoldenIT {
    private static final Project PROJECT = Project.fromClasspath("warehouse");

    @TempDir
    Path dataDir;

    private Connection duckdb;

    /**
     * The lake grows a day at a time, as the daily extract writes it, and each day is run right after: day 1 builds
     * the incremental models from scratch, days 2 and 3 take their incremental branches.
     */
    @BeforeEach
    void buildThreeDays(@TempDir Path staged) throws SQLException, IOException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("warehouse.duckdb"));
        GoldenFixture.writeLake(duckdb, staged);
        for (LocalDate day : GoldenFixture.DAYS) {
            for (String table : GoldenFixture.tables()) {
                Path partition = Path.of("lake", table, "date=" + day);
                Files.createDirectories(dataDir.resolve(partition).getParent());
                Files.move(staged.resolve(partition), dataDir.resolve(partition));
            }
            run(day, false);
        }
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
    }

    @Test
    void martsMatchTheHandComputedGoldenFiles() {
        GoldenFixture.assertMartsMatch(duckdb);
    }

    @Test
    void theWideTableHasExactlyOneRowPerMarketSnapshotOfEachDay() throws SQLException {
        assertThat(rows("SELECT date, count(*) FROM mart_market_wide GROUP BY date ORDER BY date"))
                .isEqualTo(rows("SELECT date, count(*) FROM fct_market_snapshot GROUP BY date ORDER BY date"))
                .isEqualTo(rows("SELECT date, count(*) FROM stg_market_snapshots GROUP BY date ORDER BY date"))
                .hasSize(3);
    }

    @Test
    void everyGrainAndSchemaTestPassesAtErrorSeverity() {
        List<TestOutcome> outcomes = new SchemaTests(PROJECT).run(duckdb);
        assertThat(outcomes).isNotEmpty();
        List<TestOutcome> errors = outcomes.stream()
                .filter(o -> o.severity() == Severity.ERROR && o.failures() > 0)
                .toList();
        assertThat(errors).as("failing ERROR tests").isEmpty();
        // every mart declares a grain, and its uniqueness is tested
        for (Model m : PROJECT.models()) {
            if (!m.materialized().equals(Model.VIEW)) {
                assertThat(m.grain()).as("grain of " + m.name()).isNotEmpty();
            }
        }
        // the expected warning: no return on the first day (5 assets) nor for dogecoin on day 3 (absent on day 2)
        assertThat(outcomes.stream().filter(o -> o.name().equals("not_null_fct_asset_daily_daily_return")))
                .singleElement().satisfies(o -> {
                    assertThat(o.severity()).isEqualTo(Severity.WARN);
                    assertThat(o.failures()).isEqualTo(6);
                });
    }

    @Test
    void rerunningTheMiddleDayLeavesEveryMartIdentical() throws SQLException {
        Map<String, List<String>> before = everyTable();
        run(GoldenFixture.DAYS.get(1), false);
        assertThat(everyTable()).isEqualTo(before);
        GoldenFixture.assertMartsMatch(duckdb);
    }

    @Test
    void aFullRefreshGivesIdenticalMarts() throws SQLException {
        Map<String, List<String>> before = everyTable();
        run(GoldenFixture.DAYS.get(2), true);
        assertThat(everyTable()).isEqualTo(before);
        GoldenFixture.assertMartsMatch(duckdb);
    }

    private void run(LocalDate day, boolean fullRefresh) {
        new ModelRunner(PROJECT, duckdb, dataDir).run(RunContext.of(new Partition(day), fullRefresh), r -> { });
    }

    /** Every table the models built (views excluded), each as its sorted rows. */
    private Map<String, List<String>> everyTable() throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Model m : PROJECT.models()) {
            if (!m.materialized().equals(Model.VIEW)) {
                all.put(m.name(), rows("SELECT * FROM " + m.name() + " ORDER BY ALL"));
            }
        }
        return all;
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = duckdb.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                out.add(row.stream().collect(Collectors.joining("|")));
            }
        }
        return out;
    }
}
