package io.cryptopipe.store.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Stores live price ticks and keeps the 1-minute candles exact, in the caller's transaction (see {@link #write}).
 *
 * <p>Per tick, in this order: a record already processed (its Kafka position is in {@code price_ticks},
 * {@code price_tick_duplicates} or {@code late_ticks}) is skipped, so a replayed micro-batch changes nothing and a
 * tick keeps the classification it got the first time; a tick further behind its asset's watermark (the latest tick
 * time stored for the asset, kept in {@code tick_watermarks}) than {@code lateness} goes to {@code late_ticks} with
 * the reason; a tick whose asset and millisecond are already stored is counted in {@code price_tick_duplicates};
 * the rest are stored, the watermarks advance, and every candle a stored tick falls in is recomputed from
 * {@code price_ticks} (open and close by tick time, then Kafka position), which is what restates a candle when a
 * late tick within the lateness arrives. Lateness is judged against the watermark as it stood before the batch.
 */
public final class TickSink {
    /** The columns of a tick row, in {@link TickRow} order. */
    static final List<String> COLUMNS = List.of("asset_id", "ts", "price_usd", "via", "topic", "partition",
            "kafka_offset");
    private static final String STAGE = SinkSql.stage("price_ticks");

    private final Duration lateness;

    /** @param lateness how far behind its asset's watermark a tick may be and still restate its candle */
    public TickSink(Duration lateness) {
        this.lateness = Objects.requireNonNull(lateness, "lateness");
    }

    /**
     * One tick as the stream decoded it.
     *
     * @param price the decimal as ingest published it, exact
     * @param via   {@code socket} or {@code rest}
     */
    public record TickRow(String assetId, Instant ts, String price, String via, String topic, int partition,
            long offset) {
        public TickRow {
            Objects.requireNonNull(assetId, "assetId");
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(topic, "topic");
        }

        SinkRow row() {
            return new SinkRow(offset, java.util.Arrays.asList(assetId, ts.toString(), price, via, topic,
                    Integer.toString(partition), Long.toString(offset)));
        }
    }

    /** What one write did. */
    public record TickCounts(int stored, int duplicates, int late, int candlesWritten) {
    }

    /**
     * Writes the ticks on the caller's connection, inside the caller's transaction (autocommit off): the caller
     * commits them together with everything else of the micro-batch partition.
     */
    public TickCounts write(Connection connection, List<TickRow> ticks, Instant now) throws SQLException {
        if (ticks.isEmpty()) {
            return new TickCounts(0, 0, 0, 0);
        }
        try (Statement s = connection.createStatement()) {
            s.execute(SinkSql.createStage("price_ticks"));
        }
        StageCopy.copy(connection, STAGE, COLUMNS, ticks.stream().map(TickRow::row).toList());
        update(connection, "DELETE FROM " + STAGE + " s WHERE EXISTS (SELECT 1 FROM price_ticks p WHERE "
                + position("p") + ") OR EXISTS (SELECT 1 FROM price_tick_duplicates d WHERE " + position("d")
                + ") OR EXISTS (SELECT 1 FROM late_ticks l WHERE " + position("l") + ")");
        int late;
        try (PreparedStatement tooLate = connection.prepareStatement("INSERT INTO late_ticks (topic, partition, "
                + "kafka_offset, asset_id, ts, price_usd, watermark, reason, recorded_at) SELECT s.topic, s.partition, "
                + "s.kafka_offset, s.asset_id, s.ts, s.price_usd, w.max_ts, 'behind the asset''s watermark by ' || "
                + "(w.max_ts - s.ts) || ', beyond the allowed lateness of ' || ?::interval, ? FROM " + STAGE
                + " s JOIN tick_watermarks w ON w.asset_id = s.asset_id WHERE s.ts < w.max_ts - ?::interval "
                + "ON CONFLICT DO NOTHING")) {
            String interval = lateness.toMillis() + " milliseconds";
            tooLate.setString(1, interval);
            tooLate.setObject(2, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            tooLate.setString(3, interval);
            late = tooLate.executeUpdate();
        }
        update(connection, "DELETE FROM " + STAGE + " s WHERE EXISTS (SELECT 1 FROM late_ticks l WHERE "
                + position("l") + ")");
        int stored = update(connection, "INSERT INTO price_ticks (" + String.join(", ", COLUMNS) + ") "
                + "SELECT DISTINCT ON (asset_id, ts) " + String.join(", ", COLUMNS) + " FROM " + STAGE
                + " ORDER BY asset_id, ts, ord ON CONFLICT (asset_id, ts) DO NOTHING");
        int duplicates = update(connection, "INSERT INTO price_tick_duplicates (topic, partition, kafka_offset, "
                + "asset_id, ts, price_usd) SELECT s.topic, s.partition, s.kafka_offset, s.asset_id, s.ts, s.price_usd "
                + "FROM " + STAGE + " s WHERE NOT EXISTS (SELECT 1 FROM price_ticks p WHERE " + position("p")
                + ") ON CONFLICT DO NOTHING");
        update(connection, "INSERT INTO tick_watermarks (asset_id, max_ts) SELECT asset_id, max(ts) FROM " + STAGE
                + " GROUP BY asset_id ON CONFLICT (asset_id) DO UPDATE SET max_ts = EXCLUDED.max_ts "
                + "WHERE tick_watermarks.max_ts < EXCLUDED.max_ts");
        int candles = update(connection, CANDLES.replace("{stage}", STAGE));
        update(connection, "DELETE FROM " + STAGE);
        return new TickCounts(stored, duplicates, late, candles);
    }

    /** Every candle a staged tick falls in, recomputed from all stored ticks of that asset and minute. */
    private static final String CANDLES = "INSERT INTO candles_1m (asset_id, bucket_start, open, high, low, close, "
            + "tick_count) SELECT p.asset_id, date_trunc('minute', p.ts), "
            + "(array_agg(p.price_usd ORDER BY p.ts, p.topic, p.partition, p.kafka_offset))[1], max(p.price_usd), "
            + "min(p.price_usd), (array_agg(p.price_usd ORDER BY p.ts DESC, p.topic DESC, p.partition DESC, "
            + "p.kafka_offset DESC))[1], count(*) FROM price_ticks p "
            + "JOIN (SELECT DISTINCT asset_id, date_trunc('minute', ts) AS bucket FROM {stage}) t "
            + "ON t.asset_id = p.asset_id AND p.ts >= t.bucket AND p.ts < t.bucket + interval '1 minute' "
            + "GROUP BY p.asset_id, date_trunc('minute', p.ts) "
            + "ON CONFLICT (asset_id, bucket_start) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, "
            + "low = EXCLUDED.low, close = EXCLUDED.close, tick_count = EXCLUDED.tick_count";

    private static String position(String alias) {
        return alias + ".topic = s.topic AND " + alias + ".partition = s.partition AND " + alias
                + ".kafka_offset = s.kafka_offset";
    }

    private static int update(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
