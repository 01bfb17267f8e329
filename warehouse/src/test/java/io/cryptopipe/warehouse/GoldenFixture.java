package io.cryptopipe.warehouse;

import io.cryptopipe.core.batch.Partition;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The golden fixture: three UTC days (2026-11-01..03) of PostgreSQL snapshot rows in {@code golden/pg/<table>.csv}
 * (header = PostgreSQL column names, empty field = NULL, decimals as CoinCap strings, timestamps ISO-8601 with Z) and
 * the hand-computed marts in {@code golden/marts/<mart>.csv} (see {@code golden/README.md}).
 *
 * <p>Read through the class loader so it also works from this module's test-jar (the batch module loads the same CSVs
 * into PostgreSQL and runs the real extract).
 */
public final class GoldenFixture {

    /** The partition days of the fixture, in order. */
    public static final List<LocalDate> DAYS =
            List.of(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-03"));

    private static final String DEC = "DECIMAL(38,18)";
    private static final String TS = "TIMESTAMPTZ";

    /** Lake column types per table, in PostgreSQL column order (the lake contract; numeric -> DECIMAL(38,18)). */
    private static final Map<String, Map<String, String>> LAKE_TYPES = new LinkedHashMap<>();

    static {
        LAKE_TYPES.put("asset_snapshots", columns(
                "id", "VARCHAR", "rank", "INTEGER", "symbol", "VARCHAR", "name", "VARCHAR", "supply", DEC,
                "max_supply", DEC, "market_cap_usd", DEC, "volume_usd_24hr", DEC, "price_usd", DEC,
                "change_percent_24hr", DEC, "vwap_24hr", DEC, "explorer", "VARCHAR", "observed_at", TS));
        LAKE_TYPES.put("rate_snapshots", columns(
                "id", "VARCHAR", "symbol", "VARCHAR", "currency_symbol", "VARCHAR", "type", "VARCHAR",
                "rate_usd", DEC, "observed_at", TS));
        LAKE_TYPES.put("exchange_snapshots", columns(
                "exchange_id", "VARCHAR", "name", "VARCHAR", "rank", "INTEGER", "percent_total_volume", DEC,
                "volume_usd", DEC, "trading_pairs", "BIGINT", "socket", "BOOLEAN", "exchange_url", "VARCHAR",
                "updated_at", TS, "observed_at", TS));
        LAKE_TYPES.put("market_snapshots", columns(
                "exchange_id", "VARCHAR", "base_id", "VARCHAR", "quote_id", "VARCHAR", "base_symbol", "VARCHAR",
                "quote_symbol", "VARCHAR", "rank", "INTEGER", "price_quote", DEC, "price_usd", DEC,
                "volume_usd_24hr", DEC, "percent_exchange_volume", DEC, "trades_count_24hr", "BIGINT",
                "updated_at", TS, "observed_at", TS));
        LAKE_TYPES.put("ingest_ledger", columns(
                "poll_id", "VARCHAR", "entity", "VARCHAR", "source_url", "VARCHAR", "observed_at", TS,
                "fetched_at", TS, "items_returned", "INTEGER", "repeats", "INTEGER", "rejected", "INTEGER",
                "requests", "INTEGER", "outcome", "VARCHAR", "reason", "VARCHAR", "drift", "VARCHAR",
                "interval_ms", "BIGINT"));
    }

    /** The marts with a hand-computed golden file. */
    private static final List<String> MARTS = List.of(
            "dim_asset", "dim_exchange", "dim_currency", "fct_asset_daily", "fct_exchange_daily", "mart_market_overview", "mart_top_movers",
            "mart_market_wide");

    private GoldenFixture() {
    }

    /** The partitions of the fixture, in order. */
    public static List<Partition> partitions() {
        return DAYS.stream().map(Partition::new).toList();
    }

    /** The PostgreSQL snapshot tables of the fixture (each has {@code golden/pg/<table>.csv}). */
    public static List<String> tables() {
        return List.copyOf(LAKE_TYPES.keySet());
    }

    /** The marts that have a golden file {@code golden/marts/<mart>.csv}. */
    public static List<String> marts() {
        return MARTS;
    }

    /** The fixture rows of one table as CSV (UTF-8, header first). The caller closes it. */
    public static Reader csv(String table) {
        if (!LAKE_TYPES.containsKey(table)) {
            throw new IllegalArgumentException("no golden table " + table + "; tables: " + tables());
        }
        return resource("golden/pg/" + table + ".csv");
    }

    /** One golden mart file as CSV (UTF-8, header first). The caller closes it. */
    public static Reader martCsv(String mart) {
        return resource("golden/marts/" + mart + ".csv");
    }

    private static Reader resource(String name) {
        InputStream in = GoldenFixture.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing class path resource " + name);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Writes the lake of the fixture: {@code <dataDir>/lake/<table>/date=YYYY-MM-DD/*.parquet}, one directory per UTC
     * day of observed_at, with the lake contract's column types (the hive column {@code date} is only in the path).
     */
    public static void writeLake(Connection duckdb, Path dataDir) {
        try {
            Path staging = Files.createTempDirectory("golden-csv");
            try (Statement st = duckdb.createStatement()) {
                for (Map.Entry<String, Map<String, String>> table : LAKE_TYPES.entrySet()) {
                    Path csvFile = staging.resolve(table.getKey() + ".csv");
                    try (InputStream in = GoldenFixture.class.getClassLoader()
                            .getResourceAsStream("golden/pg/" + table.getKey() + ".csv")) {
                        if (in == null) {
                            throw new IllegalStateException("missing golden/pg/" + table.getKey() + ".csv");
                        }
                        Files.copy(in, csvFile, StandardCopyOption.REPLACE_EXISTING);
                    }
                    List<String> header = parseCsv(Files.readString(csvFile, StandardCharsets.UTF_8)).get(0);
                    if (!header.equals(new ArrayList<>(table.getValue().keySet()))) {
                        throw new IllegalStateException(table.getKey() + ".csv header " + header
                                + " is not the lake columns " + table.getValue().keySet());
                    }
                    String select = table.getValue().entrySet().stream()
                            .map(c -> "CAST(\"" + c.getKey() + "\" AS " + c.getValue() + ") AS \"" + c.getKey() + "\"")
                            .collect(Collectors.joining(", "));
                    Path target = dataDir.resolve("lake").resolve(table.getKey());
                    Files.createDirectories(target.getParent());
                    st.execute("COPY (SELECT " + select
                            + ", CAST(timezone('UTC', CAST(observed_at AS TIMESTAMPTZ)) AS DATE) AS date"
                            + " FROM read_csv(" + literal(csvFile.toString())
                            + ", header = true, all_varchar = true, quote = '\"', escape = '\"', delim = ',')"
                            + ") TO " + literal(target.toString())
                            + " (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE true)");
                }
            } finally {
                try (var files = Files.list(staging)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("writing the golden lake failed", e);
        }
    }

    /**
     * Compares every golden mart file with the warehouse table of the same name: the same rows (as a multiset, on the
     * golden file's columns), decimals and integers by value, doubles to 1e-9 relative, timestamps as instants, empty
     * field = NULL. Throws an AssertionError listing every missing and unexpected row.
     */
    public static void assertMartsMatch(Connection duckdb) {
        StringBuilder failures = new StringBuilder();
        for (String mart : MARTS) {
            String diff = diffMart(duckdb, mart);
            if (!diff.isEmpty()) {
                failures.append(diff);
            }
        }
        if (failures.length() > 0) {
            throw new AssertionError("marts differ from the golden files:\n" + failures);
        }
    }

    /** The differences of one mart with its golden file, empty when they match. */
    public static String diffMart(Connection duckdb, String mart) {
        List<List<String>> golden;
        try (Reader r = martCsv(mart)) {
            golden = parseCsv(readAll(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = golden.get(0);
        List<List<String>> expected = new ArrayList<>(golden.subList(1, golden.size()));
        List<List<Object>> actual = new ArrayList<>();
        String sql = "SELECT " + header.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "))
                + " FROM " + mart;
        try (Statement st = duckdb.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                actual.add(row);
            }
        } catch (SQLException e) {
            return mart + ": cannot read (" + e.getMessage() + ")\n";
        }
        List<List<Object>> unexpected = new ArrayList<>();
        for (List<Object> row : actual) {
            int match = -1;
            for (int i = 0; i < expected.size() && match < 0; i++) {
                if (rowMatches(row, expected.get(i))) {
                    match = i;
                }
            }
            if (match >= 0) {
                expected.remove(match);
            } else {
                unexpected.add(row);
            }
        }
        if (expected.isEmpty() && unexpected.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(mart).append(" ").append(header).append(": ")
                .append(actual.size()).append(" rows, golden ").append(golden.size() - 1).append('\n');
        for (List<String> row : expected) {
            b.append("  missing    ").append(row).append('\n');
        }
        for (List<Object> row : unexpected) {
            b.append("  unexpected ").append(row.stream().map(GoldenFixture::show).collect(Collectors.toList()))
                    .append('\n');
        }
        return b.toString();
    }

    private static boolean rowMatches(List<Object> actual, List<String> golden) {
        if (actual.size() != golden.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!valueMatches(actual.get(i), golden.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean valueMatches(Object actual, String golden) {
        if (golden == null || golden.isEmpty()) {
            return actual == null;
        }
        if (actual == null) {
            return false;
        }
        try {
            if (actual instanceof Double || actual instanceof Float) {
                double a = ((Number) actual).doubleValue();
                double g = Double.parseDouble(golden);
                return a == g || Math.abs(a - g) <= 1e-9 * Math.max(Math.abs(a), Math.abs(g));
            }
            if (actual instanceof BigDecimal || actual instanceof BigInteger || actual instanceof Long
                    || actual instanceof Integer || actual instanceof Short || actual instanceof Byte) {
                return new BigDecimal(actual.toString()).compareTo(new BigDecimal(golden)) == 0;
            }
            if (actual instanceof Boolean) {
                return actual.equals(Boolean.parseBoolean(golden)) && (golden.equals("true") || golden.equals("false"));
            }
            if (actual instanceof OffsetDateTime) {
                return ((OffsetDateTime) actual).toInstant().equals(Instant.parse(golden));
            }
            if (actual instanceof java.sql.Timestamp) {
                return ((java.sql.Timestamp) actual).toInstant().equals(Instant.parse(golden));
            }
            if (actual instanceof LocalDate) {
                return actual.equals(LocalDate.parse(golden));
            }
            if (actual instanceof java.sql.Date) {
                return ((java.sql.Date) actual).toLocalDate().equals(LocalDate.parse(golden));
            }
            if (actual instanceof TemporalAccessor) {
                return OffsetDateTime.from((TemporalAccessor) actual).toInstant().equals(Instant.parse(golden));
            }
        } catch (RuntimeException e) {
            return false;
        }
        return actual.toString().equals(golden);
    }

    private static String show(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).stripTrailingZeros().toPlainString();
        }
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        return v.toString();
    }

    private static String readAll(Reader r) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) > 0; ) {
            b.append(buf, 0, n);
        }
        return b.toString();
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines; an empty field reads as "". */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static Map<String, String> columns(String... nameType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            m.put(nameType[i], nameType[i + 1]);
        }
        return m;
    }
}
