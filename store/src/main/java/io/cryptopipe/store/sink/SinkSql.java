package io.cryptopipe.store.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sink's SQL, built only from the fixed identifiers of {@link SinkTable} and this class: data never enters SQL
 * text, it goes through COPY or parameters.
 *
 * <p>Stage tables are temporary (private to the session, created once per connection) and {@code ON COMMIT DELETE
 * ROWS}, so every transaction starts with them empty. Each has the target's columns plus {@code ord}, the order
 * that decides which of several rows for the same key wins.
 */
final class SinkSql {
    static final String REJECTS = "rejected_records";
    static final List<String> REJECT_COLUMNS = List.of("topic", "partition", "kafka_offset", "record_key", "raw",
            "reason", "rejected_at");
    static final List<String> REJECT_KEY = List.of("topic", "partition", "kafka_offset", "reason");
    static final String LEDGER = "ingest_ledger";
    static final List<String> LEDGER_COLUMNS = List.of("poll_id", "entity", "source_url", "observed_at",
            "fetched_at", "items_returned", "repeats", "rejected", "requests", "outcome", "reason", "archived_body",
            "drift", "interval_ms");
    static final List<String> LEDGER_KEY = List.of("poll_id");

    private static final String OBSERVED_AT = "observed_at";

    private SinkSql() {
    }

    /** The stage table of {@code target}; prefixed so it never hides the real table in the search path. */
    static String stage(String target) {
        return "cryptopipe_stage_" + target;
    }

    static String createStage(String target) {
        return "CREATE TEMP TABLE IF NOT EXISTS " + stage(target) + " (LIKE " + target
                + " INCLUDING DEFAULTS, ord bigint NOT NULL) ON COMMIT DELETE ROWS";
    }

    static String copy(String stage, List<String> columns) {
        return "COPY " + stage + " (" + list(columns) + ", ord) FROM STDIN";
    }

    /** New history rows; per key and observed_at the lowest ord wins, and stored rows are kept as they are. */
    static String mergeSnapshots(SinkTable table) {
        List<String> key = with(table.keyColumns(), OBSERVED_AT);
        return "INSERT INTO " + table.snapshots() + " (" + list(table.columns()) + ") "
                + "SELECT DISTINCT ON (" + list(key) + ") " + list(table.columns())
                + " FROM " + stage(table.snapshots()) + " ORDER BY " + list(key) + ", ord"
                + " ON CONFLICT (" + list(key) + ") DO NOTHING";
    }

    /**
     * The newest row per key (lowest ord among equals) replaces the stored one only when strictly newer, so a replay
     * or a late older poll never moves the state back.
     */
    static String mergeLatest(SinkTable table) {
        String key = list(table.keyColumns());
        List<String> updated = new ArrayList<>(table.columns());
        updated.removeAll(table.keyColumns());
        updated.add("last_seen_at");
        return "INSERT INTO " + table.latest() + " (" + list(table.columns()) + ", last_seen_at) "
                + "SELECT DISTINCT ON (" + key + ") " + list(table.columns()) + ", " + OBSERVED_AT
                + " FROM " + stage(table.snapshots()) + " ORDER BY " + key + ", " + OBSERVED_AT + " DESC, ord"
                + " ON CONFLICT (" + key + ") DO UPDATE SET "
                + updated.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                + " WHERE " + table.latest() + "." + OBSERVED_AT + " < EXCLUDED." + OBSERVED_AT;
    }

    /** Rows whose key is not stored yet; per key the lowest ord wins. */
    static String insertNew(String target, List<String> columns, List<String> key) {
        return "INSERT INTO " + target + " (" + list(columns) + ") "
                + "SELECT DISTINCT ON (" + list(key) + ") " + list(columns) + " FROM " + stage(target)
                + " ORDER BY " + list(key) + ", ord ON CONFLICT (" + list(key) + ") DO NOTHING";
    }

    /**
     * Parameters: arrays of query, topic, partition, next_offset, batch_id. Per partition the highest offset of the
     * batch is taken, and a stored one is replaced only by a higher one.
     */
    static String upsertProgress() {
        return "INSERT INTO stream_progress (query, topic, partition, next_offset, batch_id, committed_at) "
                + "SELECT DISTINCT ON (query, topic, partition) query, topic, partition, next_offset, batch_id, now() "
                + "FROM unnest(?::text[], ?::text[], ?::integer[], ?::bigint[], ?::bigint[]) "
                + "AS p(query, topic, partition, next_offset, batch_id) "
                + "ORDER BY query, topic, partition, next_offset DESC "
                + "ON CONFLICT (query, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, "
                + "batch_id = EXCLUDED.batch_id, committed_at = now() "
                + "WHERE stream_progress.next_offset < EXCLUDED.next_offset";
    }

    private static List<String> with(List<String> columns, String column) {
        List<String> all = new ArrayList<>(columns);
        all.add(column);
        return all;
    }

    private static String list(List<String> columns) {
        return String.join(", ", columns);
    }
}
