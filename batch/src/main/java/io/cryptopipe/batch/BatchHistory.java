package io.cryptopipe.batch;

import io.cryptopipe.batch.gate.GateResult;
import io.cryptopipe.core.batch.Partition;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The batch tables of PostgreSQL ({@code batch_partitions}, {@code batch_runs}, {@code batch_gate_results}): every
 * step's status, timings, rows and error, and each partition's state. Each call is its own short transaction, so a
 * run killed halfway leaves its finished steps recorded and its running step visibly unfinished.
 */
public final class BatchHistory {
    private final SourceDb db;

    public BatchHistory(SourceDb db) {
        this.db = db;
    }

    public void stepStarted(UUID run, Partition partition, Step step, String trigger, int attempt, Instant at)
            throws SQLException {
        update("INSERT INTO batch_runs (run_id, partition_date, step, trigger, attempt, status, started_at) "
                + "VALUES (?, ?, ?, ?, ?, 'running', ?)", run, Date.valueOf(partition.date()), step.label(), trigger,
                attempt, Timestamp.from(at));
    }

    public void stepFinished(UUID run, Step step, boolean ok, Instant at, long rows, String detail, String error)
            throws SQLException {
        update("UPDATE batch_runs SET status = ?, finished_at = ?, rows = ?, detail = ?, error = ? "
                + "WHERE run_id = ? AND step = ?", ok ? "succeeded" : "failed", Timestamp.from(at), rows, detail, error,
                run, step.label());
    }

    /** Records where a partition stands; {@code sourceRows} (rows per source table at extract) only when known. */
    public void partitionState(Partition partition, String state, UUID run, RunWindow window,
                               Optional<Map<String, Long>> sourceRows, Instant at) throws SQLException {
        update("INSERT INTO batch_partitions (partition_date, state, last_run_id, window_start, window_end, "
                + "source_rows, updated_at, dirty_reason) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, NULL) "
                + "ON CONFLICT (partition_date) DO UPDATE SET state = EXCLUDED.state, last_run_id = EXCLUDED.last_run_id, "
                + "window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end, "
                + "source_rows = coalesce(EXCLUDED.source_rows, batch_partitions.source_rows), "
                + "updated_at = EXCLUDED.updated_at, dirty_reason = NULL",
                Date.valueOf(partition.date()), state, run, Timestamp.from(window.start()), Timestamp.from(window.end()),
                sourceRows.map(BatchHistory::json).orElse(null), Timestamp.from(at));
    }

    public void markDirty(Partition partition, String reason, Instant at) throws SQLException {
        update("UPDATE batch_partitions SET state = 'dirty', dirty_reason = ?, updated_at = ? "
                + "WHERE partition_date = ? AND state <> 'running'", reason, Timestamp.from(at),
                Date.valueOf(partition.date()));
    }

    public void gateResults(UUID run, Partition partition, List<GateResult> results) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO batch_gate_results (run_id, partition_date, gate, kind, severity, failures, samples, "
                        + "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, gate) DO NOTHING")) {
            for (GateResult r : results) {
                st.setObject(1, run);
                st.setDate(2, Date.valueOf(partition.date()));
                st.setString(3, r.gate());
                st.setString(4, r.kind());
                st.setString(5, r.severity() == GateResult.Severity.ERROR ? "error" : "warn");
                st.setLong(6, r.failures());
                st.setString(7, String.join("\n", r.samples()));
                st.setString(8, r.detail());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The gate results of the partition's latest run that ran gates, for a report made in a later run. */
    public List<GateResult> latestGateResults(Partition partition) throws SQLException {
        List<GateResult> results = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT g.gate, g.kind, g.severity, g.failures, g.samples, g.detail FROM batch_gate_results g "
                        + "WHERE g.run_id = (SELECT r.run_id FROM batch_runs r WHERE r.partition_date = ? "
                        + "AND r.step = 'gates' AND r.finished_at IS NOT NULL ORDER BY r.started_at DESC LIMIT 1) "
                        + "ORDER BY g.severity, g.gate")) {
            st.setDate(1, Date.valueOf(partition.date()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String samples = rs.getString(5);
                    results.add(new GateResult(rs.getString(1), rs.getString(2), "error".equals(rs.getString(3))
                            ? GateResult.Severity.ERROR : GateResult.Severity.WARN, rs.getLong(4),
                            samples == null || samples.isEmpty() ? List.of() : List.of(samples.split("\n")),
                            rs.getString(6)));
                }
            }
        }
        return results;
    }

    /** A partition's state as recorded. */
    public record PartitionRow(LocalDate date, String state, Instant updatedAt, Map<String, Long> sourceRows,
                               String dirtyReason, Instant windowEnd) {
    }

    public List<PartitionRow> partitions() throws SQLException {
        List<PartitionRow> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT partition_date, state, updated_at, source_rows::text, dirty_reason, window_end FROM batch_partitions "
                        + "ORDER BY partition_date"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(new PartitionRow(rs.getDate(1).toLocalDate(), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), parse(rs.getString(4)), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
            }
        }
        return rows;
    }

    /** One step of one run, newest first, for {@code batch status}. */
    public record StepRow(UUID run, LocalDate date, String step, String trigger, int attempt, String status,
                          Instant startedAt, Instant finishedAt, Long rows, String error) {
    }

    public List<StepRow> recentSteps(int limit) throws SQLException {
        List<StepRow> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT run_id, partition_date, step, trigger, attempt, status, started_at, finished_at, rows, error "
                        + "FROM batch_runs ORDER BY started_at DESC, array_position(ARRAY['extract','models','gates',"
                        + "'report'], step) DESC LIMIT ?")) {
            st.setInt(1, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(8);
                    long r = rs.getLong(9);
                    rows.add(new StepRow(rs.getObject(1, UUID.class), rs.getDate(2).toLocalDate(), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                            finished == null ? null : finished.toInstant(), rs.wasNull() ? null : r, rs.getString(10)));
                }
            }
        }
        return rows;
    }

    /** The number of earlier runs of this partition, for the attempt counter. */
    public int runsOf(Partition partition) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT count(DISTINCT run_id) FROM batch_runs WHERE partition_date = ?")) {
            st.setDate(1, Date.valueOf(partition.date()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    static String json(Map<String, Long> counts) {
        StringBuilder sb = new StringBuilder("{");
        counts.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return sb.append('}').toString();
    }

    static Map<String, Long> parse(String json) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (json == null) {
            return counts;
        }
        String body = json.strip().replaceAll("^\\{|}$", "");
        for (String pair : body.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split(":");
            counts.put(kv[0].strip().replace("\"", ""), Long.parseLong(kv[1].strip()));
        }
        return counts;
    }
}
