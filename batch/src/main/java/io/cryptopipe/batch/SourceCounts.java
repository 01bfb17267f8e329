package io.cryptopipe.batch;

import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.lake.LakeTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows per source table in a partition, counted through the observed_at indexes. Recorded at extract; a later count
 * that differs means rows arrived (or went) after the run, which makes the partition dirty.
 */
final class SourceCounts {
    private SourceCounts() {
    }

    static Map<String, Long> count(Connection pg, Partition partition) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (LakeTable table : LakeTable.values()) {
            try (PreparedStatement st = pg.prepareStatement("SELECT count(*) FROM " + table.tableName()
                    + " WHERE observed_at >= ? AND observed_at < ?")) {
                st.setTimestamp(1, Timestamp.from(partition.start()));
                st.setTimestamp(2, Timestamp.from(partition.end()));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    counts.put(table.tableName(), rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** What changed between two counts, e.g. {@code asset_snapshots 2880 -> 2881}; empty when equal. */
    static String difference(Map<String, Long> before, Map<String, Long> now) {
        StringBuilder sb = new StringBuilder();
        now.forEach((table, rows) -> {
            Long was = before.get(table);
            if (!rows.equals(was)) {
                sb.append(sb.length() > 0 ? ", " : "").append(table).append(' ').append(was).append(" -> ").append(rows);
            }
        });
        return sb.toString();
    }
}
