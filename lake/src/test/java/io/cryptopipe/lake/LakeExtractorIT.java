package io.cryptopipe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.lake.LakeExtractor.ExtractResult;
import io.cryptopipe.lake.SyntheticDay.LoadResult;
import io.cryptopipe.lake.SyntheticDay.Shape;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extract against the embedded PostgreSQL and a local Spark, read back with DuckDB the way the warehouse will
 * ({@code read_parquet('<lake>/<table>/*}{@code /*.parquet', hive_partitioning=true)}). One server and one Spark
 * session for the class; every test its own lake directory.
 */
class LakeExtractorIT {
    static final Partition DAY = new Partition(LocalDate.of(2026, 11, 20));

    @TempDir
    static Path data;
    static PgServer server;
    static Connection pg;
    static SparkSession spark;
    static Connection duck;

    @TempDir
    Path lakeRoot;
    LakeLayout layout;
    LakeExtractor extractor;

    @BeforeAll
    static void start() throws IOException, SQLException {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        pg = server.dataSource().getConnection();
        spark = SparkSession.builder().master("local[2]").appName("lake-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.local.dir", data.resolve("spark").toString())
                .config("spark.sql.warehouse.dir", data.resolve("spark-warehouse").toString())
                .getOrCreate();
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void stop() throws IOException, SQLException {
        if (duck != null) {
            duck.close();
        }
        if (spark != null) {
            spark.stop();
        }
        if (pg != null) {
            pg.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        pg("TRUNCATE ingest_ledger, asset_snapshots, market_snapshots, rate_snapshots, exchange_snapshots");
        layout = new LakeLayout(lakeRoot.resolve("lake"));
        extractor = new LakeExtractor(spark, server.jdbcUrl(), null, null, layout);
    }

    @Test
    void decimalsArriveExactlyRoundedBeyondEighteenPlacesAndNullFromTwentyOneIntegerDigits() throws SQLException {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("tiny", "0.000000012345678912");
        sent.put("btc", "68432.1234567890123456");
        sent.put("twenty-integer-digits", "12345678901234567890.123456789012345678");
        sent.put("twenty-one-integer-digits", "123456789012345678901");
        sent.put("nineteen-places", "0.1234567890123456789");
        sent.put("nineteen-places-negative", "-0.0000000000000000005");
        sent.put("rounds-up-to-21-digits", "99999999999999999999.9999999999999999999");
        sent.put("just-below-the-bound", "99999999999999999999.9999999999999999994");
        sent.put("at-the-bound", "-99999999999999999999.9999999999999999995");
        sent.put("nan", "NaN");
        sent.put("null", null);
        for (Map.Entry<String, String> e : sent.entrySet()) {
            String v = e.getValue() == null ? "NULL" : "'" + e.getValue() + "'::numeric";
            pg("INSERT INTO asset_snapshots (id, price_usd, observed_at) VALUES ('" + e.getKey() + "', " + v
                    + ", '2026-11-20T12:00:00Z')");
        }

        ExtractResult result = extractor.extract(LakeTable.ASSET_SNAPSHOTS, DAY);

        assertThat(result.rows()).isEqualTo(sent.size());
        Map<String, BigDecimal> lake = new LinkedHashMap<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, price_usd FROM " + scan(LakeTable.ASSET_SNAPSHOTS))) {
            while (rs.next()) {
                lake.put(rs.getString(1), rs.getBigDecimal(2));
            }
        }
        assertThat(lake.get("tiny")).isEqualTo(new BigDecimal("0.000000012345678912"));
        assertThat(lake.get("btc")).isEqualByComparingTo("68432.1234567890123456");
        assertThat(lake.get("twenty-integer-digits"))
                .isEqualByComparingTo("12345678901234567890.123456789012345678");
        assertThat(lake.get("twenty-one-integer-digits")).isNull();
        assertThat(lake.get("nineteen-places")).isEqualByComparingTo("0.123456789012345679");
        assertThat(lake.get("nineteen-places-negative")).isEqualByComparingTo("-0.000000000000000001");
        assertThat(lake.get("rounds-up-to-21-digits")).isNull();
        assertThat(lake.get("just-below-the-bound")).isEqualByComparingTo("99999999999999999999.999999999999999999");
        assertThat(lake.get("at-the-bound")).isNull();
        assertThat(lake.get("nan")).isNull();
        assertThat(lake).containsKey("null");
        assertThat(lake.get("null")).isNull();
        assertThat(types(LakeTable.ASSET_SNAPSHOTS)).containsEntry("price_usd", "DECIMAL(38,18)")
                .containsEntry("supply", "DECIMAL(38,18)");
    }

    @Test
    void onlyRowsObservedWithinTheUtcDayAreExtracted() throws SQLException {
        pg("INSERT INTO asset_snapshots (id, observed_at) VALUES "
                + "('day-before', '2026-11-19T23:59:59.999999Z'), ('first', '2026-11-20T00:00:00Z'), "
                + "('last', '2026-11-20T23:59:59.999999Z'), ('next-day', '2026-11-21T00:00:00Z'), "
                + "('offset-before', '2026-11-20T01:30:00+05:30'), ('offset-inside', '2026-11-21T05:00:00+05:30')");
        pg("INSERT INTO ingest_ledger (poll_id, entity, observed_at, outcome, drift, archived_body, interval_ms)"
                + " VALUES ('00000000-0000-4000-8000-000000000001', 'assets', '2026-11-20T00:00:00Z', 'ok',"
                + " '{\"unknown\": {\"x\": 1}}', 'body', 60000),"
                + " ('00000000-0000-4000-8000-000000000002', 'assets', '2026-11-21T00:00:00Z', 'ok', NULL, NULL,"
                + " 60000)");

        List<ExtractResult> results = extractor.extractAll(DAY);

        assertThat(results).extracting(ExtractResult::table).containsExactly(LakeTable.values());
        assertThat(column("SELECT id FROM " + scan(LakeTable.ASSET_SNAPSHOTS) + " ORDER BY observed_at"))
                .containsExactly("first", "offset-inside", "last"); // 01:30+05:30 is 2026-11-19T20:00Z
        assertThat(column("SELECT poll_id || ' ' || drift || ' ' || interval_ms FROM "
                + scan(LakeTable.INGEST_LEDGER)))
                .containsExactly("00000000-0000-4000-8000-000000000001 {\"unknown\": {\"x\": 1}} 60000");
        assertThat(types(LakeTable.INGEST_LEDGER)).doesNotContainKey("archived_body")
                .containsEntry("poll_id", "VARCHAR").containsEntry("drift", "VARCHAR");
    }

    @Test
    void timestampsArriveExactToTheMicrosecondAsTimestampWithTimeZone() throws SQLException {
        pg("INSERT INTO market_snapshots (exchange_id, base_id, quote_id, updated_at, observed_at) VALUES "
                + "('binance', 'bitcoin', 'tether', '2026-11-19T23:59:58.000001Z', '2026-11-20T13:14:15.123456Z'),"
                + "('binance', 'bitcoin', 'tether', NULL, '2026-11-20T23:59:59.999999Z')");

        extractor.extract(LakeTable.MARKET_SNAPSHOTS, DAY);

        assertThat(types(LakeTable.MARKET_SNAPSHOTS)).containsEntry("observed_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("updated_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("trades_count_24hr", "BIGINT").containsEntry("rank", "INTEGER");
        assertThat(column("SELECT epoch_us(observed_at) || ' ' || coalesce(epoch_us(updated_at)::varchar, 'null')"
                + " FROM " + scan(LakeTable.MARKET_SNAPSHOTS) + " ORDER BY observed_at")).containsExactly(
                micros("2026-11-20T13:14:15.123456Z") + " " + micros("2026-11-19T23:59:58.000001Z"),
                micros("2026-11-20T23:59:59.999999Z") + " null");
    }

    @Test
    void reExtractReplacesThePartitionSoARowDeletedInPostgresLeavesTheLake() throws SQLException, IOException {
        pg("INSERT INTO rate_snapshots (id, rate_usd, observed_at) VALUES ('euro', 1.08, '2026-11-20T10:00:00Z'),"
                + " ('euro', 1.09, '2026-11-20T11:00:00Z'), ('yen', 0.0066, '2026-11-20T10:00:00Z')");
        extractor.extract(LakeTable.RATE_SNAPSHOTS, DAY);
        assertThat(count(LakeTable.RATE_SNAPSHOTS)).isEqualTo(3);

        pg("DELETE FROM rate_snapshots WHERE id = 'euro' AND observed_at = '2026-11-20T11:00:00Z'");
        ExtractResult again = extractor.extract(LakeTable.RATE_SNAPSHOTS, DAY);

        assertThat(again.rows()).isEqualTo(2);
        assertThat(count(LakeTable.RATE_SNAPSHOTS)).isEqualTo(2);
        assertThat(column("SELECT id || ' ' || rate_usd FROM " + scan(LakeTable.RATE_SNAPSHOTS) + " ORDER BY id"))
                .containsExactly("euro 1.080000000000000000", "yen 0.006600000000000000");
        assertThat(names(layout.partitionDir(LakeTable.RATE_SNAPSHOTS, DAY)))
                .isNotEmpty().allMatch(n -> n.endsWith(".parquet") && !n.startsWith("."));
        assertThat(names(layout.tableDir(LakeTable.RATE_SNAPSHOTS))).containsExactly("date=" + DAY);
        assertThat(names(layout.tmpDir())).isEmpty();
    }

    @Test
    void leftoversOfAKilledExtractAreRemovedAndNeverRead() throws SQLException, IOException {
        pg("INSERT INTO exchange_snapshots (exchange_id, volume_usd, observed_at) VALUES"
                + " ('kraken', 123.5, '2026-11-20T10:00:00Z')");
        extractor.extract(LakeTable.EXCHANGE_SNAPSHOTS, DAY);
        // A run killed between its two renames: the new partition half written, the old one moved aside.
        Path half = layout.tmpDir().resolve("exchange_snapshots.date=" + DAY + ".dead.new");
        Files.createDirectories(half.resolve("_temporary/0"));
        Files.writeString(half.resolve("part-00000-dead.snappy.parquet"), "not parquet: killed mid-write");
        Files.move(layout.partitionDir(LakeTable.EXCHANGE_SNAPSHOTS, DAY),
                layout.tmpDir().resolve("exchange_snapshots.date=" + DAY + ".dead.old"));
        Path otherDay = layout.tmpDir().resolve("exchange_snapshots.date=2026-11-19.other.new");
        Files.createDirectories(otherDay);
        pg("INSERT INTO exchange_snapshots (exchange_id, volume_usd, observed_at) VALUES"
                + " ('binance', 999.25, '2026-11-20T11:00:00Z')");

        ExtractResult result = extractor.extract(LakeTable.EXCHANGE_SNAPSHOTS, DAY);

        assertThat(result.rows()).isEqualTo(2);
        assertThat(column("SELECT exchange_id || ' ' || volume_usd FROM " + scan(LakeTable.EXCHANGE_SNAPSHOTS)
                + " ORDER BY exchange_id")).containsExactly("binance 999.250000000000000000",
                "kraken 123.500000000000000000");
        // Only this table and day's leftovers are this extract's business.
        assertThat(names(layout.tmpDir())).containsExactly(otherDay.getFileName().toString());
    }

    @Test
    void anEmptyDayStillYieldsAReadablePartitionWithTheLakeColumnTypes() throws SQLException {
        pg("INSERT INTO asset_snapshots (id, price_usd, observed_at) VALUES ('other-day', 1, '2026-11-21T00:00:00Z')");

        List<ExtractResult> results = extractor.extractAll(DAY);

        for (ExtractResult r : results) {
            assertThat(r.rows()).as(r.table().tableName()).isZero();
            assertThat(r.files()).as(r.table().tableName()).isGreaterThanOrEqualTo(1);
            assertThat(count(r.table())).as(r.table().tableName()).isZero();
            Map<String, String> types = types(r.table());
            List<String> expected = new ArrayList<>(r.table().columns());
            expected.add("date");
            assertThat(types.keySet()).as(r.table().tableName()).containsExactlyElementsOf(expected);
            for (String decimal : r.table().decimalColumns()) {
                assertThat(types).containsEntry(decimal, "DECIMAL(38,18)");
            }
            assertThat(types).containsEntry("observed_at", "TIMESTAMP WITH TIME ZONE");
        }
        assertThat(types(LakeTable.EXCHANGE_SNAPSHOTS)).containsEntry("socket", "BOOLEAN")
                .containsEntry("trading_pairs", "BIGINT").containsEntry("rank", "INTEGER")
                .containsEntry("name", "VARCHAR");
    }

    @Test
    void syntheticDayLoadsTheShapesRowsWithValidDecimalsAndTheLakeMatchesPostgres() throws SQLException {
        Shape shape = new Shape(12, Duration.ofHours(1), 30, Duration.ofHours(2), 5, Duration.ofHours(3), 4,
                Duration.ofHours(6));

        LoadResult load = SyntheticDay.load(pg, DAY, shape, 42L);

        assertThat(load.assetRows()).isEqualTo(12 * 24);
        assertThat(load.marketRows()).isEqualTo(30 * 12);
        assertThat(load.rateRows()).isEqualTo(5 * 8);
        assertThat(load.exchangeRows()).isEqualTo(4 * 4);
        assertThat(load.ledgerRows()).isEqualTo(24 + 12 + 8 + 4);
        assertThat(shape.rowsPerDay()).isEqualTo(12 * 24 + 30 * 12 + 5 * 8 + 4 * 4);
        assertThat(pgLong("SELECT count(*) FROM asset_snapshots WHERE observed_at >= '2026-11-20' AND"
                + " observed_at < '2026-11-21' AND price_usd > 0 AND market_cap_usd > 0 AND supply > 0"
                + " AND vwap_24hr > 0 AND change_percent_24hr IS NOT NULL")).isEqualTo(12 * 24);
        assertThat(pgLong("SELECT max(scale(price_usd)) FROM asset_snapshots")).isBetween(16L, 18L);
        assertThat(pgLong("SELECT count(*) FROM market_snapshots m WHERE NOT EXISTS (SELECT 1 FROM"
                + " asset_snapshots a WHERE a.id = m.base_id) OR quote_id NOT IN"
                + " ('tether', 'united-states-dollar', 'bitcoin', 'ethereum') OR price_usd <= 0")).isZero();
        assertThat(pgLong("SELECT count(*) FROM ingest_completeness WHERE missing <> 0")).isZero();
        assertThat(pgLong("SELECT count(*) FROM ingest_ledger WHERE outcome = 'ok' AND requests = 1 AND"
                + " repeats = 0 AND rejected = 0 AND interval_ms > 0")).isEqualTo(48);
        // Prices walk: the asset's closes differ through the day.
        assertThat(pgLong("SELECT count(DISTINCT price_usd) FROM asset_snapshots WHERE id = 'bitcoin'"))
                .isEqualTo(24);

        List<ExtractResult> results = extractor.extractAll(DAY);

        assertThat(results).extracting(ExtractResult::rows).containsExactly(12L * 24, 5L * 8, 4L * 4, 30L * 12,
                48L);
        for (String c : LakeTable.MARKET_SNAPSHOTS.decimalColumns()) {
            assertThat(duckString("SELECT sum(" + c + ")::varchar FROM " + scan(LakeTable.MARKET_SNAPSHOTS)))
                    .as(c).isEqualTo(pgString("SELECT round(sum(round(" + c + ", 18)), 18)::text"
                            + " FROM market_snapshots"));
        }
        assertThat(duckString("SELECT sum(price_usd)::varchar FROM " + scan(LakeTable.ASSET_SNAPSHOTS)))
                .isEqualTo(pgString("SELECT round(sum(round(price_usd, 18)), 18)::text FROM asset_snapshots"));
    }

    // ---- helpers

    String scan(LakeTable table) {
        return "read_parquet('" + layout.parquetGlob(table) + "', hive_partitioning = true)";
    }

    long count(LakeTable table) throws SQLException {
        return Long.parseLong(duckString("SELECT count(*) FROM " + scan(table)));
    }

    Map<String, String> types(LakeTable table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + scan(table))) {
            while (rs.next()) {
                out.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return out;
    }

    List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    String duckString(String sql) throws SQLException {
        List<String> c = column(sql);
        assertThat(c).hasSize(1);
        return c.get(0);
    }

    static String pgString(String sql) throws SQLException {
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long pgLong(String sql) throws SQLException {
        return Long.parseLong(pgString(sql));
    }

    static void pg(String sql) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute(sql);
        }
    }

    static String micros(String instant) {
        Instant i = Instant.parse(instant);
        return Long.toString(i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000);
    }

    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
