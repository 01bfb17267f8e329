package io.cryptopipe.batch.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.batch.RunWindow;
import io.cryptopipe.batch.gate.GateResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page per partition, {@code <reports>/<date>.html}: overview, top movers, dominance, volume
 * by exchange, intraday OHLC of the top assets, gate results and completeness. ECharts is packed into the page and
 * the data is inline JSON, so it opens offline and from a mail attachment. Every text from the data is escaped (HTML
 * in the page, {@code <} as a JSON escape inside the script), so hostile ids render as text.
 */
public final class ReportWriter {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    static final int TOP_ASSETS = 3;

    private final Path dir;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ReportWriter(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Writes the page (replacing an earlier one atomically) and returns its path. */
    public Path write(RunWindow window, Connection pg, Connection duckdb, List<GateResult> gates)
            throws IOException, SQLException {
        String date = window.partition().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("overview", rows(duckdb, "SELECT * FROM main.mart_market_overview WHERE date = CAST(? AS DATE)",
                date));
        data.put("movers", rows(duckdb, "SELECT * FROM main.mart_top_movers WHERE date = CAST(? AS DATE) "
                + "ORDER BY direction, rank", date));
        data.put("dominance", rows(duckdb, "SELECT coalesce(symbol, asset_id) AS label, close_market_cap_usd AS value "
                + "FROM main.fct_asset_daily WHERE date = CAST(? AS DATE) AND close_market_cap_usd IS NOT NULL "
                + "ORDER BY close_market_cap_usd DESC LIMIT 10", date));
        data.put("exchanges", rows(duckdb, "SELECT exchange_id AS label, volume_usd AS value, volume_share "
                + "FROM main.fct_exchange_daily WHERE date = CAST(? AS DATE) ORDER BY volume_usd DESC NULLS LAST "
                + "LIMIT 15", date));
        data.put("ohlc", ohlc(duckdb, date));
        data.put("completeness", rows(pg, "SELECT entity, count(*) AS polls, count(*) FILTER (WHERE outcome = 'ok') "
                + "AS ok, count(*) FILTER (WHERE outcome = 'failed') AS failed, count(*) FILTER (WHERE outcome = "
                + "'refused') AS refused, coalesce(sum(items_returned), 0) AS items FROM ingest_ledger "
                + "WHERE observed_at >= ? AND observed_at < ? GROUP BY entity ORDER BY entity",
                Timestamp.from(window.start()), Timestamp.from(window.end())));
        data.put("gaps", rows(pg, "SELECT entity, slot_start, slot_end, reason FROM ingest_gaps WHERE slot_start < ? "
                + "AND slot_end > ? ORDER BY slot_start LIMIT 50", Timestamp.from(window.end()),
                Timestamp.from(window.start())));
        String page = Page.render(window, clock.instant(), gates, data, json, echarts());
        Files.createDirectories(dir);
        Path target = dir.resolve(date + ".html");
        Path tmp = Files.createTempFile(dir, "." + date, ".tmp");
        Files.writeString(tmp, page, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Hourly candles of the top assets by closing market cap, from their snapshots of the day. */
    private static Map<String, List<Map<String, Object>>> ohlc(Connection duckdb, String date) throws SQLException {
        Map<String, List<Map<String, Object>>> candles = new LinkedHashMap<>();
        for (Map<String, Object> top : rows(duckdb, "SELECT asset_id FROM main.fct_asset_daily WHERE date = "
                + "CAST(? AS DATE) AND close_market_cap_usd IS NOT NULL ORDER BY close_market_cap_usd DESC LIMIT "
                + TOP_ASSETS, date)) {
            String asset = (String) top.get("asset_id");
            candles.put(asset, rows(duckdb, "SELECT strftime(time_bucket(INTERVAL 1 HOUR, observed_at AT TIME ZONE "
                    + "'UTC'), '%H:%M') AS hour, arg_min(price_usd, observed_at) AS open, "
                    + "arg_max(price_usd, observed_at) AS close, min(price_usd) AS low, max(price_usd) AS high "
                    + "FROM main.fct_asset_snapshot WHERE date = CAST(? AS DATE) AND asset_id = ? "
                    + "AND price_usd IS NOT NULL GROUP BY 1 ORDER BY 1", date, asset));
        }
        return candles;
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(md.getColumnLabel(i), v instanceof Number || v instanceof Boolean || v == null ? v
                                : v.toString());
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static String echarts() throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IOException("ECharts is missing from the classpath (" + ECHARTS + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
