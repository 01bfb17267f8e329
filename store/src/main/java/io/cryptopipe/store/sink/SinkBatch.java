package io.cryptopipe.store.sink;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one micro-batch (or one partition of it) stores, written by {@link PgSink#write} in one transaction.
 *
 * @param rows     entity rows per table; a missing table means no rows
 * @param progress the Kafka positions the rows bring each partition to
 */
public record SinkBatch(Map<SinkTable, List<SinkRow>> rows, List<RejectRow> rejects, List<LedgerRow> ledger,
                        List<Progress> progress) {
    public SinkBatch {
        rows = copy(rows);
        rejects = List.copyOf(rejects);
        ledger = List.copyOf(ledger);
        progress = List.copyOf(progress);
    }

    /** True when there is nothing to write at all, not even progress. */
    public boolean isEmpty() {
        return entityRows() == 0 && rejects.isEmpty() && ledger.isEmpty() && progress.isEmpty();
    }

    /** The entity rows over all tables. */
    public int entityRows() {
        return rows.values().stream().mapToInt(List::size).sum();
    }

    /** The rows of one table, empty when there are none. */
    public List<SinkRow> rowsOf(SinkTable table) {
        return rows.getOrDefault(table, List.of());
    }

    private static Map<SinkTable, List<SinkRow>> copy(Map<SinkTable, List<SinkRow>> rows) {
        Map<SinkTable, List<SinkRow>> copy = new EnumMap<>(SinkTable.class);
        Objects.requireNonNull(rows, "rows").forEach((table, list) -> copy.put(
                Objects.requireNonNull(table, "table"), List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }
}
