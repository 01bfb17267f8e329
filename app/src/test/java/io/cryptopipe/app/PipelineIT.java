package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.NaturalKey;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.ingest.RawItems;
import io.cryptopipe.store.PgServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} end to end in this JVM (simulator -> raw archive -> Kafka -> Spark -> PostgreSQL): after it stops,
 * every table holds exactly what the simulator served, each value read back as text equal to the string sent,
 * and a replay of the archive into the database that holds it adds nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    /** JSON field to column, per entity; the natural key first. */
    private static final Map<String, Map<String, String>> FIELDS = Map.of(
            "assets", columns("id", "id", "rank", "rank", "symbol", "symbol", "name", "name", "supply", "supply",
                    "maxSupply", "max_supply", "marketCapUsd", "market_cap_usd", "volumeUsd24Hr", "volume_usd_24hr",
                    "priceUsd", "price_usd", "changePercent24Hr", "change_percent_24hr", "vwap24Hr", "vwap_24hr",
                    "explorer", "explorer"),
            "rates", columns("id", "id", "symbol", "symbol", "currencySymbol", "currency_symbol", "type", "type",
                    "rateUsd", "rate_usd"),
            "exchanges", columns("exchangeId", "exchange_id", "name", "name", "rank", "rank",
                    "percentTotalVolume", "percent_total_volume", "volumeUsd", "volume_usd", "tradingPairs",
                    "trading_pairs", "socket", "socket", "exchangeUrl", "exchange_url"),
            "markets", columns("exchangeId", "exchange_id", "baseId", "base_id", "quoteId", "quote_id",
                    "baseSymbol", "base_symbol", "quoteSymbol", "quote_symbol", "rank", "rank", "priceQuote",
                    "price_quote", "priceUsd", "price_usd", "volumeUsd24Hr", "volume_usd_24hr",
                    "percentExchangeVolume", "percent_exchange_volume", "tradesCount24Hr", "trades_count_24hr"));
    private static final Map<String, String> SNAPSHOTS = Map.of("assets", "asset_snapshots", "rates",
            "rate_snapshots", "exchanges", "exchange_snapshots", "markets", "market_snapshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path data;
    static CliRun up;

    static DashboardProbe dashboard;

    @BeforeAll
    static void runUp() throws Exception {
        data = dir.resolve("data");
        CliRun.Running running = CliRun.start(Map.of(), "up", "--data-dir", data.toString(), "--duration", "30s",
                "--assets", "40", "--exchanges", "5", "--markets", "60", "--poll-assets", "2s", "--poll-rates", "3s",
                "--poll-exchanges", "3s", "--poll-markets", "3s", "--kafka-partitions", "2", "--http-port", "0",
                "--served-log", dir.resolve("served.jsonl").toString());
        try {
            String url = running.awaitOutput(java.util.regex.Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)"),
                    java.time.Duration.ofMinutes(3));
            dashboard = DashboardProbe.whileUpRuns(java.net.URI.create(url));
        } finally {
            up = running.await(java.time.Duration.ofMinutes(5));
        }
    }

    @Test
    @Order(5)
    void theDashboardServedUpsRowsDigitForDigitAndItsMetricsMovedWhileUpRan() throws Exception {
        assertThat(up.out()).contains("browser not opened: no display");
        assertThat(dashboard.assets()).as("assets the dashboard listed").isNotEmpty();
        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection();
             java.sql.PreparedStatement seen = db.prepareStatement(
                     "SELECT count(*) FROM asset_snapshots WHERE id = ? AND name = ? AND price_usd::text = ?")) {
            for (JsonNode asset : dashboard.assets()) {
                seen.setString(1, asset.path("id").asText());
                seen.setString(2, asset.path("name").asText());
                seen.setString(3, asset.path("price_usd").asText());
                try (ResultSet rs = seen.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("a stored snapshot with the dashboard's %s", asset).isPositive();
                }
            }
        }
        assertThat(dashboard.assets().get(0).path("price_usd").isTextual()).as("decimals are strings").isTrue();
        for (String counter : List.of("cryptopipe_source_requests_total", "cryptopipe_ingest_records_published_total",
                "cryptopipe_stream_rows_total", "cryptopipe_prices_ticks_published_total")) {
            assertThat(DashboardProbe.sum(dashboard.metricsLater(), counter)).as(counter)
                    .isGreaterThan(DashboardProbe.sum(dashboard.metricsFirst(), counter));
        }
        assertThat(dashboard.metricsLater()).contains("cryptopipe_stream_lag_records{")
                .contains("cryptopipe_freshness_seconds{").contains("jvm_memory_used_bytes{")
                .contains("cryptopipe_dashboard_requests_seconds_count{");
        assertThat(dashboard.healthStatus()).as(dashboard.health()).isEqualTo(200);
        assertThat(dashboard.health()).contains("\"postgresql\"").contains("\"kafka\"").contains("\"stream\"");
        assertThat(dashboard.writeStatus()).as("POST is refused: the dashboard is read-only").isEqualTo(405);
    }

    @Test
    @Order(9)
    void theBatchRunsTheDayUpStoredOnItsOwnAndEveryGatePasses() throws Exception {
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();

        CliRun batch = CliRun.run("batch", "run", "--date", day, "--data-dir", data.toString());

        assertThat(batch.exitCode()).as(batch.out() + batch.err()).isZero();
        assertThat(batch.out()).contains("batch " + day + ": ok").doesNotContain("FAIL");
        String report = Files.readString(data.resolve("reports").resolve(day + ".html"));
        assertThat(report).contains("cryptopipe daily report: " + day).contains("reconcile_asset_snapshots");
        assertThat(data.resolve("lake/market_snapshots/date=" + day)).isDirectoryContaining("glob:**.parquet");
    }

    @Test
    @Order(1)
    void upSaysWhereEverythingIsShowsProgressDrainsAndExitsZero() {
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
        assertThat(up.out().lines().findFirst().orElseThrow())
                .contains("no COINCAP_API_KEY and no --coincap-url").contains("built-in CoinCap simulator");
        assertThat(up.out()).contains("40 assets, 5 exchanges, 60 markets");
        for (String sub : DataDir.LAYOUT) {
            assertThat(data.resolve(sub)).isDirectory();
        }
        assertThat(Files.exists(data.resolve("run/up.properties"))).isFalse();
        assertThat(up.out()).contains("postgresql: jdbc:postgresql://127.0.0.1:").contains("kafka:      127.0.0.1:")
                .contains("data dir:   " + data.toAbsolutePath().normalize())
                .contains("ingested/min assets").contains("last batch #").contains("lag ")
                .contains("drained: everything published is stored").contains("stopped cleanly");
    }

    @Test
    @Order(2)
    void everySnapshotAndLatestRowEqualsTheItemsServedDigitForDigit() throws Exception {
        List<ArchivedPoll> polls = new RawArchive(data.resolve("raw")).read(Instant.MIN, Instant.MAX).polls();
        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection()) {
            for (String entity : FIELDS.keySet()) {
                Map<String, Map<String, String>> expected = new TreeMap<>();
                Map<String, Map<String, String>> latest = new TreeMap<>();
                Map<String, Instant> latestAt = new HashMap<>();
                for (ArchivedPoll poll : polls) {
                    if (!poll.entity().equals(entity) || poll.outcome() != ArchivedPoll.Outcome.OK) {
                        continue;
                    }
                    for (ArchivedPoll.Page page : poll.pages()) {
                        for (String item : RawItems.split(page.body()).orElse(List.of())) {
                            String key = NaturalKey.of(entity, item).orElseThrow();
                            Map<String, String> values = sent(entity, item);
                            expected.putIfAbsent(key + "@" + poll.observedAt(), values);
                            if (!latestAt.containsKey(key) || latestAt.get(key).isBefore(poll.observedAt())) {
                                latestAt.put(key, poll.observedAt());
                                latest.put(key, values);
                            }
                        }
                    }
                }
                assertThat(expected).as("%s polls archived", entity).isNotEmpty();
                assertThat(stored(db, entity, SNAPSHOTS.get(entity), true)).as("%s snapshots", entity)
                        .isEqualTo(expected);
                assertThat(stored(db, entity, entity, false)).as("%s latest state", entity).isEqualTo(latest);
            }
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger")).isEqualTo(polls.size());
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger WHERE outcome <> 'ok'")).isZero();
            assertThat(count(db, "SELECT count(*) FROM rejected_records")).isZero();
            assertThat(servedKeys()).isEqualTo(storedKeys(db));
            assertThat(count(db, "SELECT count(*) FROM price_ticks")).as("live price ticks").isPositive();
            assertThat(count(db, "SELECT count(*) FROM candles_1m c WHERE tick_count <> (SELECT count(*) FROM "
                    + "price_ticks p WHERE p.asset_id = c.asset_id AND p.ts >= c.bucket_start "
                    + "AND p.ts < c.bucket_start + interval '1 minute')")).as("candles agree with their ticks").isZero();
            assertThat(count(db, "SELECT count(DISTINCT asset_id) FROM price_ticks WHERE asset_id NOT IN "
                    + "(SELECT id FROM assets)")).as("ticks only for served assets").isZero();
        }
    }

    @Test
    @Order(3)
    void replayingAnArchivedHourIntoTheDatabaseThatHoldsItAddsNoRow() throws Exception {
        String before = dump();
        Instant first = new RawArchive(data.resolve("raw")).read(Instant.MIN, Instant.MAX).polls().get(0).observedAt();
        Instant hour = first.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        CliRun replay = CliRun.run("replay", data.resolve("raw").toString(), "--data-dir", data.toString(),
                "--from", hour.toString(), "--to", hour.plus(java.time.Duration.ofHours(1)).toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).containsPattern("replayed [1-9][0-9]* polls");
        CliRun stream = CliRun.run("stream", "--data-dir", data.toString(), "--duration", "3s");
        assertThat(stream.exitCode()).as(stream.out() + stream.err()).isZero();
        assertThat(stream.out()).contains("drained: everything published is stored");
        assertThat(dump()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void everyGrafanaPanelQueryRunsAndReturnsRowsOnThePipelinesData() throws Exception {
        Path dashboards = Path.of("..", "deploy", "grafana", "dashboards");
        List<Path> files;
        try (var list = Files.list(dashboards)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("dashboards in %s", dashboards).hasSizeGreaterThanOrEqualTo(3);
        String datasources = Files.readString(Path.of("..", "deploy", "grafana", "provisioning", "datasources",
                "postgres.yml"), StandardCharsets.UTF_8);
        assertThat(datasources).contains("uid: cryptopipe-pg")
                .containsPattern("(?m)^\\s*password: (\\$__file\\{[^}]+}|\\$\\{[A-Z_]+})\\s*$");
        Instant now = Instant.now();
        String from = "'" + now.minus(java.time.Duration.ofDays(1)) + "'";
        String to = "'" + now.plus(java.time.Duration.ofHours(1)) + "'";
        Set<String> titles = new HashSet<>();
        int queries = 0;
        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection()) {
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text.toLowerCase(java.util.Locale.ROOT)).as("%s holds no password", file)
                        .doesNotContain("password").doesNotContain("securejsondata");
                JsonNode board = JSON.readTree(text);
                String name = board.path("title").asText();
                assertThat(board.path("uid").asText()).as("%s uid", file).isNotBlank();
                assertThat(titles.add(name)).as("%s title %s unique", file, name).isTrue();
                Map<String, String> variables = new LinkedHashMap<>();
                for (JsonNode variable : board.path("templating").path("list")) {
                    String label = name + " / variable " + variable.path("name").asText();
                    assertThat(variable.path("datasource").path("uid").asText()).as(label).isEqualTo("cryptopipe-pg");
                    List<List<String>> rows = rows(db, expand(variable.path("query").asText(), variables, from, to),
                            label);
                    variables.put(variable.path("name").asText(), rows.get(0).get(0));
                }
                List<JsonNode> panels = new java.util.ArrayList<>();
                board.path("panels").forEach(panels::add);
                assertThat(panels).as("%s panels", name).isNotEmpty();
                for (int i = 0; i < panels.size(); i++) {
                    JsonNode panel = panels.get(i);
                    panel.path("panels").forEach(panels::add); // panels of a collapsed row
                    if (panel.path("type").asText().equals("row")) {
                        continue;
                    }
                    String label = name + " / panel \"" + panel.path("title").asText() + "\"";
                    assertThat(panel.path("datasource").path("uid").asText()).as(label).isEqualTo("cryptopipe-pg");
                    assertThat(panel.path("targets")).as(label + " targets").isNotEmpty();
                    for (JsonNode target : panel.path("targets")) {
                        assertThat(target.path("datasource").path("uid").asText()).as(label)
                                .isEqualTo("cryptopipe-pg");
                        assertThat(target.path("format").asText()).as(label).isIn("table", "time_series");
                        String sql = target.path("rawSql").asText();
                        assertThat(sql).as(label + " rawSql").isNotBlank();
                        rows(db, expand(sql, variables, from, to), label + " target " + target.path("refId").asText());
                        queries++;
                    }
                }
            }
        }
        assertThat(titles).contains("Market overview", "Asset detail", "Pipeline health");
        assertThat(queries).isGreaterThanOrEqualTo(15);
    }

    /** Grafana's expansion of the macros and variables the dashboards use, with the test's time range. */
    private static String expand(String sql, Map<String, String> variables, String from, String to) {
        java.util.regex.Matcher group = java.util.regex.Pattern
                .compile("\\$__timeGroupAlias\\(\\s*([^,()]+?)\\s*,\\s*'?(\\d+)([smhd])'?\\s*\\)").matcher(sql);
        StringBuilder out = new StringBuilder();
        while (group.find()) {
            long seconds = Long.parseLong(group.group(2)) * switch (group.group(3)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            String column = group.group(1);
            group.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(seconds == 60
                    ? "date_trunc('minute', " + column + ") AS \"time\""
                    : "to_timestamp(floor(extract(epoch FROM " + column + ") / " + seconds + ") * " + seconds
                            + ") AS \"time\""));
        }
        group.appendTail(out);
        String expanded = out.toString()
                .replaceAll("\\$__timeFilter\\(\\s*([^()]+?)\\s*\\)", "$1 BETWEEN " + from + " AND " + to)
                .replace("$__timeFrom()", from).replace("$__timeTo()", to);
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String name = variable.getKey();
            String value = variable.getValue();
            String quoted = "'" + value.replace("'", "''") + "'";
            expanded = expanded.replace("${" + name + ":sqlstring}", quoted).replace("${" + name + "}", value)
                    .replaceAll("\\$" + name + "\\b", java.util.regex.Matcher.quoteReplacement(value));
        }
        assertThat(expanded).as("unexpanded macro or variable in\n" + expanded).doesNotContain("$");
        return expanded;
    }

    /** Runs a query; fails naming the dashboard and panel on an SQL error or an empty result. */
    private static List<List<String>> rows(Connection db, String sql, String label) {
        List<List<String>> rows = new java.util.ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new java.util.ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(label + ": SQL error " + e.getMessage() + "\n" + sql, e);
        }
        assertThat(rows).as(label + " returns rows:\n" + sql).isNotEmpty();
        return rows;
    }

    /** The values sent for an item, as text: strings as sent, JSON null as null, other scalars as written. */
    private static Map<String, String> sent(String entity, String item) throws Exception {
        JsonNode node = JSON.readTree(item);
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : FIELDS.get(entity).entrySet()) {
            JsonNode value = node.get(field.getKey());
            values.put(field.getValue(), value == null || value.isNull() ? null : value.asText());
        }
        return values;
    }

    private static Map<String, Map<String, String>> stored(Connection db, String entity, String table,
            boolean byObservedAt) throws Exception {
        Map<String, String> fields = FIELDS.get(entity);
        String select = String.join(", ", fields.values().stream().map(c -> c + "::text").toList());
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + select + ", observed_at FROM " + table)) {
            while (rs.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                int i = 1;
                for (String column : fields.values()) {
                    values.put(column, rs.getString(i++));
                }
                String key = entity.equals("markets") ? values.get("exchange_id") + "/" + values.get("base_id") + "/"
                        + values.get("quote_id") : values.values().iterator().next();
                Instant observed = rs.getObject(i, OffsetDateTime.class).toInstant();
                rows.put(byObservedAt ? key + "@" + observed : key, values);
            }
        }
        return rows;
    }

    private static Map<String, Set<String>> servedKeys() throws Exception {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("served.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode served = JSON.readTree(line);
            String entity = served.get("entity").asText() + "s";
            if (FIELDS.containsKey(entity)) {
                keys.computeIfAbsent(entity, e -> new HashSet<>()).add(served.get("key").asText());
            }
        }
        return keys;
    }

    private static Map<String, Set<String>> storedKeys(Connection db) throws Exception {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (String entity : FIELDS.keySet()) {
            keys.put(entity, new HashSet<>(stored(db, entity, entity, false).keySet()));
        }
        return keys;
    }

    private static String dump() throws Exception {
        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection()) {
            StringBuilder all = new StringBuilder();
            for (String table : List.of("assets", "asset_snapshots", "rates", "rate_snapshots", "exchanges",
                    "exchange_snapshots", "markets", "market_snapshots", "ingest_ledger", "rejected_records")) {
                all.append(table).append(": ").append(count(db, "SELECT count(*) FROM " + table)).append(' ')
                        .append(text(db, "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                                + table + " t")).append('\n');
            }
            return all.toString();
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        return Long.parseLong(text(db, sql));
    }

    private static String text(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, String> columns(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
