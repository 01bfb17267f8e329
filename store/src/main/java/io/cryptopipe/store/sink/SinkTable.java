package io.cryptopipe.store.sink;

import java.util.List;

/**
 * The four entity tables: each has a latest-state table (one row per natural key, moved only forward by
 * {@code observed_at}) and a history table (one row per natural key and {@code observed_at}). The identifiers here are
 * the only names the sink puts into SQL text, so they must match the migrations exactly ({@code PgSinkIT} checks).
 */
public enum SinkTable {
    ASSETS("assets", "asset_snapshots", List.of("id"), List.of("id", "rank", "symbol", "name", "supply",
            "max_supply", "market_cap_usd", "volume_usd_24hr", "price_usd", "change_percent_24hr", "vwap_24hr",
            "explorer", "observed_at")),
    RATES("rates", "rate_snapshots", List.of("id"),
            List.of("id", "symbol", "currency_symbol", "type", "rate_usd", "observed_at")),
    EXCHANGES("exchanges", "exchange_snapshots", List.of("exchange_id"), List.of("exchange_id", "name", "rank",
            "percent_total_volume", "volume_usd", "trading_pairs", "socket", "exchange_url", "updated_at",
            "observed_at")),
    MARKETS("markets", "market_snapshots", List.of("exchange_id", "base_id", "quote_id"), List.of("exchange_id",
            "base_id", "quote_id", "base_symbol", "quote_symbol", "rank", "price_quote", "price_usd",
            "volume_usd_24hr", "percent_exchange_volume", "trades_count_24hr", "updated_at", "observed_at"));

    private final String entity;
    private final String snapshots;
    private final List<String> keyColumns;
    private final List<String> columns;

    SinkTable(String entity, String snapshots, List<String> keyColumns, List<String> columns) {
        this.entity = entity;
        this.snapshots = snapshots;
        this.keyColumns = keyColumns;
        this.columns = columns;
    }

    /**
     * The table of a CoinCap entity as the envelope names it.
     *
     * @throws IllegalArgumentException for anything but {@code assets}, {@code rates}, {@code exchanges},
     *                                  {@code markets}
     */
    public static SinkTable forEntity(String entity) {
        for (SinkTable table : values()) {
            if (table.entity.equals(entity)) {
                return table;
            }
        }
        throw new IllegalArgumentException("no sink table for entity '" + entity
                + "'; expected assets, rates, exchanges or markets");
    }

    /** The entity as the envelope and the topic name spell it, e.g. {@code assets}. */
    public String entity() {
        return entity;
    }

    /** The latest-state table, e.g. {@code assets}. */
    public String latest() {
        return entity;
    }

    /** The history table, e.g. {@code asset_snapshots}. */
    public String snapshots() {
        return snapshots;
    }

    /** The natural key: the latest table's primary key, and the history table's without {@code observed_at}. */
    public List<String> keyColumns() {
        return keyColumns;
    }

    /**
     * Every column the latest and history tables share, in migration order, keys first and {@code observed_at}
     * last; {@link SinkRow#values()} are aligned with it. {@code last_seen_at} is not among them: the sink derives it.
     */
    public List<String> columns() {
        return columns;
    }
}
