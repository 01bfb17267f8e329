package io.cryptopipe.batch;

import io.cryptopipe.batch.gate.CompletenessGate;
import io.cryptopipe.batch.gate.DecimalLossGate;
import io.cryptopipe.batch.gate.FreshnessGate;
import io.cryptopipe.batch.gate.Gate;
import io.cryptopipe.batch.gate.GateContext;
import io.cryptopipe.batch.gate.GateResult;
import io.cryptopipe.batch.gate.PriceSanityGate;
import io.cryptopipe.batch.gate.ReconciliationGate;
import io.cryptopipe.batch.gate.SchemaTestGate;
import io.cryptopipe.batch.report.ReportWriter;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.lake.LakeExtractor;
import io.cryptopipe.lake.LakeLayout;
import io.cryptopipe.warehouse.ModelRunner;
import io.cryptopipe.warehouse.Project;
import io.cryptopipe.warehouse.RunContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The DAG of one partition: extract (PostgreSQL -> lake) -> models (lake -> warehouse) -> gates -> report, or one
 * step of it. One run at a time per database: a PostgreSQL advisory lock, held for the run, keeps the scheduler of
 * {@code up} and a {@code batch} command from writing the same lake and warehouse at once. Every step is recorded in
 * {@code batch_runs} as it starts and ends; a step that throws ends the run and is recorded with its error.
 */
public final class BatchJob {
    /** The advisory lock key: the batch of a database runs one partition at a time. */
    static final long LOCK = 0x63727970746f4241L;

    private final SourceDb db;
    private final Supplier<SparkSession> spark;
    private final Project project;
    private final BatchPaths paths;
    private final double priceTolerance;
    private final Clock clock;
    private final Consumer<String> progress;
    private final BatchHistory history;

    public BatchJob(SourceDb db, Supplier<SparkSession> spark, Project project, BatchPaths paths,
                    double priceTolerance, Clock clock, Consumer<String> progress) {
        this.db = db;
        this.spark = spark;
        this.project = project;
        this.paths = paths;
        this.priceTolerance = priceTolerance;
        this.clock = clock;
        this.progress = progress;
        this.history = new BatchHistory(db);
    }

    /** How a run ended; {@code ok} when every step ran and no error-severity gate failed. */
    public record Outcome(UUID runId, Partition partition, RunWindow window, boolean ok, List<GateResult> gates,
                          Optional<String> error, Optional<Path> report) {
    }

    /** Another run holds the lock. */
    public static final class BusyException extends Exception {
        BusyException(String message) {
            super(message);
        }
    }

    public Outcome run(Partition partition, EnumSet<Step> steps, String trigger) throws Exception {
        try (Connection lock = db.connect()) {
            if (!tryLock(lock)) {
                throw new BusyException("another batch run holds the lock on this database (the scheduler of a "
                        + "running up, or another batch command); try again when it ends");
            }
            try {
                return runLocked(partition, steps, trigger);
            } finally {
                try (PreparedStatement st = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    st.setLong(1, LOCK);
                    st.execute();
                }
            }
        }
    }

    private Outcome runLocked(Partition partition, EnumSet<Step> steps, String trigger) throws Exception {
        UUID run = UUID.randomUUID();
        RunWindow window;
        try (Connection pg = db.connect()) {
            window = RunWindow.of(pg, partition, clock.instant());
        }
        int attempt = history.runsOf(partition) + 1;
        history.partitionState(partition, "running", run, window, Optional.empty(), clock.instant());
        progress.accept("batch " + partition + ": window " + window.start() + " to " + window.end()
                + (window.open() ? " (open: the data so far)" : "") + ", steps " + steps);
        List<GateResult> gates = List.of();
        Optional<Map<String, Long>> sourceRows = Optional.empty();
        Optional<Path> report = Optional.empty();
        for (Step step : steps) {
            Instant started = clock.instant();
            history.stepStarted(run, partition, step, trigger, attempt, started);
            long rows;
            String detail = null;
            try {
                switch (step) {
                    case EXTRACT -> {
                        sourceRows = Optional.of(extract(partition));
                        rows = sourceRows.get().values().stream().mapToLong(Long::longValue).sum();
                    }
                    case MODELS -> rows = models(window);
                    case GATES -> {
                        gates = gates(window, run);
                        rows = gates.size();
                        detail = summary(gates);
                    }
                    case REPORT -> {
                        if (!steps.contains(Step.GATES)) {
                            gates = history.latestGateResults(partition); // a report step run on its own (Airflow)
                        }
                        report = Optional.of(report(window, gates));
                        rows = 1;
                        detail = report.get().toString();
                    }
                    default -> throw new IllegalStateException(step.toString());
                }
            } catch (Exception e) {
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                history.stepFinished(run, step, false, clock.instant(), 0, null, error);
                history.partitionState(partition, "failed", run, window, sourceRows, clock.instant());
                progress.accept("batch " + partition + ": " + step.label() + " FAILED: " + error);
                return new Outcome(run, partition, window, false, gates, Optional.of(step.label() + ": " + error),
                        report);
            }
            boolean gatesFailed = step == Step.GATES && gates.stream().anyMatch(GateResult::failed);
            history.stepFinished(run, step, !gatesFailed, clock.instant(), rows, detail,
                    gatesFailed ? "gates failed: " + failedNames(gates) : null);
            progress.accept("batch " + partition + ": " + step.label() + " " + (gatesFailed ? "FAILED" : "done")
                    + " in " + seconds(Duration.between(started, clock.instant())) + ", " + rows
                    + (step == Step.GATES ? " gates" : step == Step.REPORT ? " report" : " rows")
                    + (detail != null ? " (" + detail + ")" : ""));
            if (gatesFailed && !steps.contains(Step.REPORT)) {
                break;
            }
        }
        boolean failed = gates.stream().anyMatch(GateResult::failed);
        // The DAG's end reached (a whole run, or the report step of a step-by-step run such as Airflow's) settles the
        // day; a partial run leaves it dirty so the scheduler completes it.
        String state = failed ? "failed" : steps.contains(Step.REPORT) ? "succeeded" : "dirty";
        history.partitionState(partition, state, run, window, sourceRows, clock.instant());
        if ("dirty".equals(state)) {
            history.markDirty(partition, "only " + steps + " ran", clock.instant());
        }
        return new Outcome(run, partition, window, !failed, gates,
                failed ? Optional.of("gates failed: " + failedNames(gates)) : Optional.empty(), report);
    }

    private Map<String, Long> extract(Partition partition) throws Exception {
        Map<String, Long> counts;
        try (Connection pg = db.connect()) {
            counts = SourceCounts.count(pg, partition);
        }
        LakeExtractor extractor = new LakeExtractor(spark.get(), db.jdbcUrl(), db.user(), db.password(),
                new LakeLayout(paths.lake()));
        for (LakeExtractor.ExtractResult r : extractor.extractAll(partition)) {
            progress.accept("  extract " + r.table().tableName() + ": " + r.rows() + " rows, " + r.files()
                    + " files in " + seconds(r.took()));
        }
        return counts;
    }

    private long models(RunWindow window) throws Exception {
        try (Connection duck = paths.openWarehouse()) {
            var summary = new ModelRunner(project, duck, paths.root())
                    .run(new RunContext(window.partition(), window.start(), window.end(), false), line -> progress
                            .accept("  " + line));
            return summary.models().stream().mapToLong(m -> Math.max(0, m.rows())).sum();
        }
    }

    private List<GateResult> gates(RunWindow window, UUID run) throws Exception {
        List<Gate> all = List.of(new SchemaTestGate(project), new ReconciliationGate(), new DecimalLossGate(),
                new CompletenessGate(), new FreshnessGate(), new PriceSanityGate(priceTolerance));
        List<GateResult> results = new ArrayList<>();
        try (Connection pg = db.connect(); Connection duck = paths.openWarehouse()) {
            GateContext ctx = new GateContext(pg, duck, paths.lake(), window);
            for (Gate gate : all) {
                results.addAll(gate.check(ctx));
            }
        }
        history.gateResults(run, window.partition(), results);
        for (GateResult r : results) {
            if (r.failures() > 0) {
                progress.accept("  " + r.line());
            }
        }
        return results;
    }

    private Path report(RunWindow window, List<GateResult> gates) throws Exception {
        try (Connection pg = db.connect(); Connection duck = paths.openWarehouse()) {
            return new ReportWriter(paths.reports(), clock).write(window, pg, duck, gates);
        }
    }

    /** Whether no batch run holds the lock now: a partition still marked 'running' was then left by a killed run. */
    static boolean idle(SourceDb db) throws SQLException {
        try (Connection c = db.connect()) {
            if (!tryLock(c)) {
                return false;
            }
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                st.setLong(1, LOCK);
                st.execute();
            }
            return true;
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, LOCK);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** {@code N gates: P passed, F failed, W warned}. */
    public static String summary(List<GateResult> gates) {
        long failed = gates.stream().filter(GateResult::failed).count();
        long warned = gates.stream().filter(GateResult::warned).count();
        return gates.size() + " gates: " + (gates.size() - failed - warned) + " passed, " + failed + " failed, "
                + warned + " warned";
    }

    private static String failedNames(List<GateResult> gates) {
        return String.join(", ", gates.stream().filter(GateResult::failed).map(GateResult::gate).toList());
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
