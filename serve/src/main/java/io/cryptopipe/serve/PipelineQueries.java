package io.cryptopipe.serve;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline health page: what the running process knows ({@link LiveStatus}: lag, credits, components) and what
 * the database records (ledger, rejects, completeness, gaps, batch runs). Each section is read on its own, so one
 * that fails (e.g. the broker cannot be asked for lag) shows its error while the others still show.
 *
 * <p>Windows keep each query's cost bounded as history grows: the ledger and rejects over the last 24 h (by their
 * time indexes), completeness over the last hour (each poll counts its snapshot rows), gaps ending in the last 24 h.
 */
final class PipelineQueries {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineQueries.class);
    static final Duration DAY = Duration.ofHours(24);
    static final Duration COMPLETENESS_WINDOW = Duration.ofHours(1);

    private final Db db;
    private final LiveStatus status;
    private final Clock clock;

    PipelineQueries(Db db, LiveStatus status, Clock clock) {
        this.db = db;
        this.status = status;
        this.clock = clock;
    }

    Map<String, Object> pipeline() {
        Instant now = clock.instant();
        Timestamp dayAgo = Timestamp.from(now.minus(DAY));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("as_of", now.toString());
        out.put("lag", section(() -> status.lagByTopic().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("topic", e.getKey());
                    m.put("lag", e.getValue());
                    return m;
                }).toList()));
        out.put("credits", section(() -> {
            Optional<LiveStatus.Credits> c = status.credits();
            if (c.isEmpty()) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("used_today", c.get().usedToday());
            m.put("budget", c.get().budget().isPresent() ? c.get().budget().getAsLong() : null);
            return m;
        }));
        out.put("components", section(() -> status.components().stream().map(PipelineQueries::component).toList()));
        // The latest event of each entity: a loose index scan over (entity, observed_at), one probe per entity
        // instead of a pass over the whole ledger.
        out.put("last_polls", section(() -> db.rows("WITH RECURSIVE e(entity) AS ("
                + " (SELECT entity FROM ingest_ledger ORDER BY entity LIMIT 1)"
                + " UNION ALL SELECT (SELECT x.entity FROM ingest_ledger x WHERE x.entity > e.entity"
                + " ORDER BY x.entity LIMIT 1) FROM e WHERE e.entity IS NOT NULL)"
                + " SELECT l.entity, l.observed_at, l.outcome, l.reason, l.items_returned, l.interval_ms"
                + " FROM e CROSS JOIN LATERAL (SELECT * FROM ingest_ledger x WHERE x.entity = e.entity"
                + " ORDER BY x.observed_at DESC LIMIT 1) l WHERE e.entity IS NOT NULL ORDER BY l.entity")));
        out.put("polls_24h", section(() -> db.rows("SELECT entity, count(*) AS polls, "
                + "count(*) FILTER (WHERE outcome = 'ok') AS ok, count(*) FILTER (WHERE outcome = 'failed') AS failed, "
                + "count(*) FILTER (WHERE outcome = 'refused') AS refused FROM ingest_ledger "
                + "WHERE observed_at >= ? GROUP BY entity ORDER BY entity", dayAgo)));
        out.put("recent_failures", section(() -> db.rows("SELECT entity, observed_at, outcome, reason FROM ingest_ledger "
                + "WHERE observed_at >= ? AND outcome <> 'ok' ORDER BY observed_at DESC LIMIT 20", dayAgo)));
        out.put("rejects_24h", section(() -> db.rows("SELECT reason, count(*) AS records, max(rejected_at) AS latest "
                + "FROM rejected_records WHERE rejected_at >= ? GROUP BY reason ORDER BY records DESC, reason",
                dayAgo)));
        out.put("completeness_1h", section(() -> db.rows("SELECT entity, count(*) AS polls, "
                + "count(*) FILTER (WHERE missing > 0) AS incomplete_polls, "
                + "coalesce(sum(missing) FILTER (WHERE missing > 0), 0) AS missing_items, "
                + "count(*) FILTER (WHERE items_stored IS NULL) AS unknown_polls FROM ingest_completeness "
                + "WHERE observed_at >= ? GROUP BY entity ORDER BY entity",
                Timestamp.from(now.minus(COMPLETENESS_WINDOW)))));
        out.put("gaps_24h", section(() -> db.rows("SELECT entity, slot_start, slot_end, reason FROM ingest_gaps "
                + "WHERE slot_end > ? ORDER BY slot_start DESC LIMIT 50", dayAgo)));
        out.put("batch_steps", section(() -> db.rows("SELECT step, count(*) AS runs, "
                + "count(*) FILTER (WHERE status = 'succeeded') AS succeeded, "
                + "count(*) FILTER (WHERE status = 'failed') AS failed, "
                + "count(*) FILTER (WHERE status = 'running') AS running, max(started_at) AS last_started "
                + "FROM batch_runs GROUP BY step ORDER BY array_position(ARRAY['extract','models','gates','report'], "
                + "step)")));
        out.put("batch_runs", section(() -> db.rows("SELECT run_id, partition_date, step, trigger, attempt, status, "
                + "started_at, finished_at, rows, detail, error FROM batch_runs ORDER BY started_at DESC, "
                + "array_position(ARRAY['extract','models','gates','report'], step) DESC LIMIT 40")));
        return out;
    }

    static Map<String, Object> component(ComponentHealth c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("status", c.status().name());
        m.put("healthy", c.status().healthy());
        m.put("detail", c.detail());
        return m;
    }

    interface Read {
        Object get() throws Exception;
    }

    /**
     * {@code {"data": ...}} or {@code {"error": ...}}. A database error shows only its SQL state, as its message can
     * quote parameters; the live status's messages are made for display ({@link LiveStatus#lagByTopic}).
     */
    private static Map<String, Object> section(Read read) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("data", read.get());
        } catch (SQLException e) {
            LOG.warn("pipeline page query failed", e);
            m.put("error", "the database query failed (SQL state " + e.getSQLState() + ")");
        } catch (Exception e) {
            m.put("error", String.valueOf(e.getMessage()));
        }
        return m;
    }
}
