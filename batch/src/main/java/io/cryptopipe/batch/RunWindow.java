package io.cryptopipe.batch;

import io.cryptopipe.core.batch.Partition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The part of a partition a run judges. A closed day is judged whole. An open day (today) is judged from its start to
 * where the ledger shows ingest got: the latest poll of any entity plus its interval, and never beyond now, so polls
 * not yet due are not counted as missing.
 */
public record RunWindow(Partition partition, Instant start, Instant end, boolean open) {
    public static RunWindow of(Connection pg, Partition partition, Instant now) throws SQLException {
        if (partition.closedAt(now)) {
            return new RunWindow(partition, partition.start(), partition.end(), false);
        }
        Instant end = now;
        try (PreparedStatement st = pg.prepareStatement("SELECT max(observed_at + coalesce(interval_ms, 0) "
                + "* interval '1 millisecond') FROM ingest_ledger WHERE observed_at >= ? AND observed_at < ?")) {
            st.setTimestamp(1, Timestamp.from(partition.start()));
            st.setTimestamp(2, Timestamp.from(partition.end()));
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() && rs.getTimestamp(1) != null && rs.getTimestamp(1).toInstant().isBefore(now)) {
                    end = rs.getTimestamp(1).toInstant();
                }
            }
        }
        if (end.isBefore(partition.start())) {
            end = partition.start();
        }
        return new RunWindow(partition, partition.start(), end, true);
    }
}
