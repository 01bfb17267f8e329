package io.cryptopipe.store.sink;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one write changed, for progress lines and metrics: rows a replay would not add again. Both maps hold every
 * table (zero when nothing changed).
 *
 * @param snapshotRowsInserted new history rows per table (duplicates of stored rows are not counted)
 * @param latestRowsChanged    latest-state rows inserted or moved forward per table
 */
public record SinkCounts(Map<SinkTable, Integer> snapshotRowsInserted, Map<SinkTable, Integer> latestRowsChanged,
                         int rejectsInserted, int ledgerInserted) {
    public SinkCounts {
        snapshotRowsInserted = everyTable(snapshotRowsInserted);
        latestRowsChanged = everyTable(latestRowsChanged);
    }

    /** Nothing changed. */
    public static SinkCounts none() {
        return new SinkCounts(Map.of(), Map.of(), 0, 0);
    }

    private static Map<SinkTable, Integer> everyTable(Map<SinkTable, Integer> counts) {
        Objects.requireNonNull(counts, "counts");
        Map<SinkTable, Integer> copy = new EnumMap<>(SinkTable.class);
        for (SinkTable table : SinkTable.values()) {
            copy.put(table, counts.getOrDefault(table, 0));
        }
        return Collections.unmodifiableMap(copy);
    }
}
