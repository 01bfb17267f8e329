package io.cryptopipe.serve;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The market pages' queries: assets (with sparklines and search), one asset, its candles and markets, exchanges and
 * rates. All parameterized; "now" comes from the injected clock.
 */
final class MarketQueries {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_QUERY = 100;
    /** Sparkline points per asset over the last 24 h: one every 30 minutes. */
    static final Duration SPARK_WINDOW = Duration.ofHours(24);
    static final int SPARK_POINTS = 48;

    private static final String ASSET_COLUMNS = "id, rank, symbol, name, supply, max_supply, market_cap_usd, "
            + "volume_usd_24hr, price_usd, change_percent_24hr, vwap_24hr, explorer, observed_at, last_seen_at";

    /** Candle chart ranges and the bucket each is drawn in, so no range gives more than about 400 points. */
    enum Range {
        H1("1h", Duration.ofHours(1), Duration.ofMinutes(1)),
        H6("6h", Duration.ofHours(6), Duration.ofMinutes(1)),
        H24("24h", Duration.ofHours(24), Duration.ofMinutes(5)),
        D7("7d", Duration.ofDays(7), Duration.ofMinutes(30));

        final String label;
        final Duration span;
        final Duration bucket;

        Range(String label, Duration span, Duration bucket) {
            this.label = label;
            this.span = span;
            this.bucket = bucket;
        }

        static Range parse(String text) {
            for (Range r : values()) {
                if (r.label.equals(text)) {
                    return r;
                }
            }
            throw ApiException.badParameter("range", "one of 1h, 6h, 24h, 7d");
        }
    }

    private final Db db;
    private final Clock clock;

    MarketQueries(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The top assets by market cap, optionally only those whose name, symbol or id contains {@code query}
     * (case-insensitive; {@code %}, {@code _} and {@code \} in it match themselves), each with its sparkline.
     */
    Map<String, Object> assets(int limit, Optional<String> query) throws SQLException {
        String where = "";
        List<Object> args = new ArrayList<>();
        if (query.isPresent() && !query.get().isBlank()) {
            String pattern = "%" + escapeLike(query.get().trim()) + "%";
            where = " WHERE name ILIKE ? ESCAPE '\\' OR symbol ILIKE ? ESCAPE '\\' OR id ILIKE ? ESCAPE '\\'";
            args.add(pattern);
            args.add(pattern);
            args.add(pattern);
        }
        args.add(limit);
        List<Map<String, Object>> assets = db.rows("SELECT " + ASSET_COLUMNS + " FROM assets" + where
                + " ORDER BY market_cap_usd DESC NULLS LAST, rank NULLS LAST, id LIMIT ?", args.toArray());
        Instant now = clock.instant();
        Map<String, List<Object>> sparks = sparklines(assets.stream().map(a -> (String) a.get("id")).toList(), now);
        for (Map<String, Object> a : assets) {
            a.put("sparkline", sparks.getOrDefault((String) a.get("id"), List.of()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", now.toString());
        out.put("sparkline_from", now.minus(SPARK_WINDOW).toString());
        out.put("sparkline_step_seconds", SPARK_WINDOW.dividedBy(SPARK_POINTS).toSeconds());
        out.put("assets", assets);
        return out;
    }

    /**
     * For each asset and each of the {@value #SPARK_POINTS} points of the last 24 h: the latest snapshot price in the
     * step before the point (null when none). One query for the whole set, and each point is one index probe on the
     * snapshot key (id, observed_at), so the cost is bounded by assets x points whatever the poll rate.
     */
    private Map<String, List<Object>> sparklines(List<String> ids, Instant now) throws SQLException {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        long step = SPARK_WINDOW.dividedBy(SPARK_POINTS).toSeconds();
        Instant first = now.minus(SPARK_WINDOW).plusSeconds(step);
        for (Map<String, Object> r : db.rowsWithTextArray("SELECT a.id, g.t, s.price_usd "
                + "FROM unnest(?::text[]) AS a(id) "
                + "CROSS JOIN generate_series(?::timestamptz, ?::timestamptz, ? * interval '1 second') AS g(t) "
                + "LEFT JOIN LATERAL (SELECT x.price_usd FROM asset_snapshots x WHERE x.id = a.id "
                + "AND x.observed_at <= g.t AND x.observed_at > g.t - ? * interval '1 second' "
                + "ORDER BY x.observed_at DESC LIMIT 1) s ON true ORDER BY a.id, g.t", ids,
                Timestamp.from(first), Timestamp.from(now), step, step)) {
            out.computeIfAbsent((String) r.get("id"), k -> new ArrayList<>()).add(r.get("price_usd"));
        }
        return out;
    }

    Map<String, Object> asset(String id) throws SQLException {
        return db.row("SELECT " + ASSET_COLUMNS + " FROM assets WHERE id = ?", id)
                .orElseThrow(() -> unknownAsset(id));
    }

    /** Candles of {@code range} up to now, aggregated in SQL to the range's bucket (open first, close last). */
    Map<String, Object> candles(String id, Range range) throws SQLException {
        asset(id);
        Instant now = clock.instant();
        List<Map<String, Object>> candles = db.rows("SELECT date_bin(? * interval '1 second', bucket_start, "
                + "TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket_start, "
                + "(array_agg(open ORDER BY bucket_start))[1] AS open, max(high) AS high, min(low) AS low, "
                + "(array_agg(close ORDER BY bucket_start DESC))[1] AS close, sum(tick_count) AS tick_count "
                + "FROM candles_1m WHERE asset_id = ? AND bucket_start >= ? AND bucket_start < ? "
                + "GROUP BY 1 ORDER BY 1", range.bucket.toSeconds(), id, Timestamp.from(now.minus(range.span)),
                Timestamp.from(now));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asset_id", id);
        out.put("range", range.label);
        out.put("bucket_seconds", range.bucket.toSeconds());
        out.put("from", now.minus(range.span).toString());
        out.put("to", now.toString());
        out.put("candles", candles);
        return out;
    }

    /** The asset's markets (it is the base), by 24 h volume. */
    Map<String, Object> markets(String id, int limit) throws SQLException {
        asset(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("asset_id", id);
        out.put("markets", db.rows("SELECT exchange_id, base_id, quote_id, base_symbol, quote_symbol, rank, "
                + "price_quote, price_usd, volume_usd_24hr, percent_exchange_volume, trades_count_24hr, updated_at, "
                + "observed_at FROM markets WHERE base_id = ? ORDER BY volume_usd_24hr DESC NULLS LAST, exchange_id, "
                + "quote_id LIMIT ?", id, limit));
        return out;
    }

    Map<String, Object> exchanges(int limit) throws SQLException {
        return Map.of("exchanges", db.rows("SELECT exchange_id, name, rank, percent_total_volume, volume_usd, "
                + "trading_pairs, socket, exchange_url, updated_at, observed_at FROM exchanges "
                + "ORDER BY volume_usd DESC NULLS LAST, rank NULLS LAST, exchange_id LIMIT ?", limit));
    }

    /** Rates, fiat and crypto apart ({@code type}); {@code type} filters when present. */
    Map<String, Object> rates(Optional<String> type) throws SQLException {
        if (type.isPresent()) {
            return Map.of("rates", db.rows("SELECT id, symbol, currency_symbol, type, rate_usd, observed_at FROM rates "
                    + "WHERE type = ? ORDER BY symbol NULLS LAST, id", type.get()));
        }
        return Map.of("rates", db.rows("SELECT id, symbol, currency_symbol, type, rate_usd, observed_at FROM rates "
                + "ORDER BY type NULLS LAST, symbol NULLS LAST, id"));
    }

    /** {@code s} as a LIKE pattern matching itself: backslash, percent and underscore escaped with backslash. */
    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static ApiException unknownAsset(String id) {
        return ApiException.notFound("unknown asset '" + id + "': no row in assets with this id");
    }
}
