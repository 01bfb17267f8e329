package io.cryptopipe.app.metrics;

import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.stream.StreamLag;
import io.cryptopipe.stream.StreamSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values that live in PostgreSQL and the broker, read in the background and cached, so a scrape or a health
 * request never queries anything: every {@code every} (and on demand), bounded queries under a statement timeout on
 * one fresh connection, and the broker's cluster and end offsets with a timeout. Each result replaces the last as a
 * whole; a failure keeps the last good values and records the error for health.
 */
final class Refresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Refresher.class);
    /** Statement timeout of every query, and the broker calls' timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Completeness (missing items) looks back this far. */
    static final Duration COMPLETENESS_WINDOW = Duration.ofHours(1);
    /** Gaps are counted over this window. */
    static final Duration GAPS_WINDOW = Duration.ofHours(24);

    private final Clock clock;
    private final Optional<ConnectionSource> database;
    private final Optional<Admin> admin;
    private final Optional<StreamSettings> lagOf;
    private final Duration every;
    private final ScheduledExecutorService scheduler;
    private final List<Runnable> afterRefresh = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile Check dbCheck = Check.NONE;
    private volatile Check brokerCheck = Check.NONE;
    private volatile DbValues db = DbValues.EMPTY;
    private volatile Lag lag;

    Refresher(Clock clock, Optional<ConnectionSource> database, Optional<Map<String, Object>> adminConfig,
            Optional<StreamSettings> lagOf, Duration every) {
        this.clock = clock;
        this.database = database;
        this.admin = adminConfig.map(Admin::create);
        this.lagOf = lagOf;
        this.every = every;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pipeline-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /** Refreshes at once, then every interval, in the background. */
    void start() {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    Duration every() {
        return every;
    }

    /** Runs after every refresh (on the refreshing thread), e.g. to re-register gauges whose tags changed. */
    void afterRefresh(Runnable action) {
        afterRefresh.add(action);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("metrics refresh failed: {}", e.toString());
        }
    }

    /** Reads everything now, on the calling thread. */
    synchronized void refresh() {
        if (database.isPresent()) {
            refreshDb();
        }
        if (admin.isPresent()) {
            refreshBroker();
        }
        if (admin.isPresent() && database.isPresent() && lagOf.isPresent()) {
            try {
                measureLag();
            } catch (Exception e) {
                LOG.debug("lag not measured: {}", e.toString());
            }
        }
        afterRefresh.forEach(Runnable::run);
    }

    boolean hasDatabase() {
        return database.isPresent();
    }

    boolean hasBroker() {
        return admin.isPresent();
    }

    boolean measuresLag() {
        return admin.isPresent() && database.isPresent() && lagOf.isPresent();
    }

    Check dbCheck() {
        return dbCheck;
    }

    Check brokerCheck() {
        return brokerCheck;
    }

    DbValues db() {
        return db;
    }

    /** The last lag measured, if any. */
    Optional<Lag> lastLag() {
        return Optional.ofNullable(lag);
    }

    /** The lag, measured now unless the last measurement is younger than {@code maxAge}. */
    Map<String, Long> lag(Duration maxAge) throws Exception {
        Lag last = lag;
        if (last != null && Duration.between(last.at(), clock.instant()).compareTo(maxAge) <= 0) {
            return last.byTopic();
        }
        // While the background check finds either one unreachable, say so at once instead of waiting on timeouts.
        if (brokerCheck.error() != null) {
            throw new java.io.IOException("kafka " + brokerCheck.error());
        }
        if (dbCheck.error() != null) {
            throw new java.io.IOException("postgresql: " + dbCheck.error());
        }
        synchronized (this) {
            last = lag;
            if (last != null && Duration.between(last.at(), clock.instant()).compareTo(maxAge) <= 0) {
                return last.byTopic();
            }
            return measureLag().byTopic();
        }
    }

    private Lag measureLag() throws Exception {
        StreamSettings settings = lagOf.orElseThrow();
        try (Connection connection = database.orElseThrow().connect()) {
            timeout(connection);
            Map<String, Long> measured = StreamLag.measure(admin.orElseThrow(), connection, settings.queryName(),
                    settings.topics());
            Lag now = new Lag(clock.instant(), Collections.unmodifiableMap(new TreeMap<>(measured)));
            lag = now;
            return now;
        }
    }

    private void refreshBroker() {
        Instant at = clock.instant();
        try {
            int nodes = admin.orElseThrow().describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            brokerCheck = new Check(at, at, null, nodes + " broker" + (nodes == 1 ? "" : "s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            brokerCheck = new Check(at, brokerCheck.okAt(), "unreachable: " + rootMessage(e), "");
        }
    }

    private void refreshDb() {
        Instant at = clock.instant();
        long started = System.nanoTime();
        try (Connection c = database.orElseThrow().connect()) {
            timeout(c);
            DbValues values = read(c, at);
            db = values;
            long ms = (System.nanoTime() - started) / 1_000_000;
            dbCheck = new Check(at, at, null, "read in " + ms + " ms");
        } catch (SQLException | RuntimeException e) {
            dbCheck = new Check(at, dbCheck.okAt(), rootMessage(e), "");
        }
    }

    private static void timeout(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + TIMEOUT.toMillis());
        }
    }

    /** Everything derived from PostgreSQL, with the queries bounded: per entity through the ledger's index. */
    private static DbValues read(Connection c, Instant now) throws SQLException {
        Map<String, Instant> lastOk = new LinkedHashMap<>();
        Map<String, Duration> intervals = new LinkedHashMap<>();
        Map<String, Long> missing = new LinkedHashMap<>();
        Map<String, Long> gaps = new LinkedHashMap<>();
        for (String entity : PollPublisher.ENTITIES) {
            try (PreparedStatement st = c.prepareStatement("SELECT observed_at FROM ingest_ledger WHERE entity = ? "
                    + "AND outcome = 'ok' ORDER BY observed_at DESC LIMIT 1")) {
                st.setString(1, entity);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        lastOk.put(entity, rs.getTimestamp(1).toInstant());
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT interval_ms FROM ingest_ledger WHERE entity = ? "
                    + "AND interval_ms IS NOT NULL ORDER BY observed_at DESC LIMIT 1")) {
                st.setString(1, entity);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        intervals.put(entity, Duration.ofMillis(rs.getLong(1)));
                    }
                }
            }
            if (!lastOk.containsKey(entity) && !intervals.containsKey(entity)) {
                continue; // never polled: no series
            }
            try (PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(missing) FILTER (WHERE missing > 0), "
                    + "0) FROM ingest_completeness WHERE entity = ? AND observed_at >= ?")) {
                st.setString(1, entity);
                st.setTimestamp(2, Timestamp.from(now.minus(COMPLETENESS_WINDOW)));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    missing.put(entity, rs.getLong(1));
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM ingest_gaps WHERE entity = ? "
                    + "AND slot_start >= ?")) {
                st.setString(1, entity);
                st.setTimestamp(2, Timestamp.from(now.minus(GAPS_WINDOW)));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    gaps.put(entity, rs.getLong(1));
                }
            }
        }
        Map<String, Long> rejects = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(substring(reason "
                + "from ' ([A-Z][A-Z_]+:) '), left(reason, 200)), count(*) FROM rejected_records GROUP BY 1")) {
            while (rs.next()) {
                rejects.merge(RejectReasons.code(rs.getString(1)), rs.getLong(2), Long::sum);
            }
        }
        return new DbValues(lastOk, intervals, missing, gaps, rejects, readBatch(c));
    }

    private static BatchValues readBatch(Connection c) throws SQLException {
        Map<String, StepRun> steps = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT ON (step) step, "
                + "status, partition_date, started_at, finished_at FROM batch_runs WHERE finished_at IS NOT NULL "
                + "ORDER BY step, finished_at DESC")) {
            while (rs.next()) {
                Instant started = rs.getTimestamp(4).toInstant();
                Instant finished = rs.getTimestamp(5).toInstant();
                steps.put(rs.getString(1), new StepRun(rs.getString(1), "succeeded".equals(rs.getString(2)),
                        rs.getDate(3).toLocalDate(), Duration.between(started, finished), finished));
            }
        }
        Map<List<String>, Long> runs = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT step, status, count(*) FROM batch_runs GROUP BY step, status ORDER BY step, status")) {
            while (rs.next()) {
                runs.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
        }
        Instant lastFailure = null;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT max(finished_at) FROM batch_runs WHERE status = 'failed'")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            lastFailure = t == null ? null : t.toInstant();
        }
        Map<String, Long> gates = new TreeMap<>(Map.of("error", 0L, "warn", 0L));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT severity, count(*) FROM "
                + "batch_gate_results WHERE failures > 0 AND run_id = (SELECT run_id FROM batch_runs WHERE step = "
                + "'gates' AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1) GROUP BY severity")) {
            while (rs.next()) {
                gates.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new BatchValues(steps, runs, Optional.ofNullable(lastFailure), gates);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return HealthRules.line(message);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.ifPresent(a -> a.close(Duration.ofSeconds(5)));
    }

    /** A background check: when, when it last succeeded, its error (null when it succeeded), a note. */
    record Check(Instant at, Instant okAt, String error, String note) {
        static final Check NONE = new Check(null, null, null, "");
    }

    /** Lag per topic, measured at a time. */
    record Lag(Instant at, Map<String, Long> byTopic) {
    }

    /** What PostgreSQL held at the last refresh. */
    record DbValues(Map<String, Instant> lastOk, Map<String, Duration> intervals, Map<String, Long> missing,
            Map<String, Long> gaps, Map<String, Long> rejects, BatchValues batch) {
        static final DbValues EMPTY = new DbValues(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                new BatchValues(Map.of(), Map.of(), Optional.empty(), Map.of()));

        DbValues {
            lastOk = Map.copyOf(lastOk);
            intervals = Map.copyOf(intervals);
            missing = Map.copyOf(missing);
            gaps = Map.copyOf(gaps);
            rejects = Map.copyOf(rejects);
        }
    }

    /**
     * The batch tables: each step's last finished run, runs by step and status, the last failure, and the gates
     * that failed in the latest gates run by severity.
     */
    record BatchValues(Map<String, StepRun> lastByStep, Map<List<String>, Long> runs, Optional<Instant> lastFailure,
            Map<String, Long> gatesFailed) {
        BatchValues {
            lastByStep = Map.copyOf(lastByStep);
            runs = Map.copyOf(runs);
            gatesFailed = Map.copyOf(gatesFailed);
        }
    }

    /** A step's last finished run. */
    record StepRun(String step, boolean ok, LocalDate partition, Duration took, Instant finishedAt) {
    }
}
