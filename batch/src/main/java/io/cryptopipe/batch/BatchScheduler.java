package io.cryptopipe.batch;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.cryptopipe.core.batch.Partition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process persistent scheduler of {@code up} (db-scheduler, tasks in PostgreSQL's {@code scheduled_tasks}).
 * A recurring planner, every {@code --batch-every}, queues one day run per closed partition within
 * {@code --batch-lookback} that holds data and has never run, and per partition that turned dirty (rows arrived
 * after its run). A day run is the whole DAG; when it fails (a step errs or a gate fails) it is retried with
 * exponential backoff from one minute, {@code --batch-retries} times. Queued runs survive a restart.
 */
public final class BatchScheduler implements AutoCloseable {
    static final String PLAN = "batch-plan";
    static final String DAY = "batch-day";
    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);

    private final SourceDb db;
    private final BatchJob job;
    private final BatchHistory history;
    private final Clock clock;
    private final Duration lookback;
    private final Consumer<String> progress;
    private final Scheduler scheduler;
    private final OneTimeTask<Void> day;
    private boolean closed;

    public BatchScheduler(DataSource dataSource, SourceDb db, BatchJob job, Clock clock, Duration every,
                          Duration lookback, int retries, Consumer<String> progress) {
        this.db = db;
        this.job = job;
        this.history = new BatchHistory(db);
        this.clock = clock;
        this.lookback = lookback;
        this.progress = progress;
        this.day = Tasks.oneTime(DAY)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(retries,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofMinutes(1), 2.0)))
                .execute((instance, ctx) -> runDay(Partition.parse(instance.getId())));
        RecurringTask<Void> plan = Tasks.recurring(PLAN, FixedDelay.of(every))
                .execute((instance, ctx) -> plan());
        this.scheduler = Scheduler.create(dataSource, day).startTasks(plan).threads(1)
                .pollingInterval(Duration.ofSeconds(5)).shutdownMaxWait(Duration.ofSeconds(60)).build();
    }

    public void start() {
        scheduler.start();
    }

    /** Queues what is due now: closed days never run and dirty days. Returns the days queued. */
    public List<Partition> plan() {
        try {
            List<Partition> due = due();
            for (Partition p : due) {
                if (scheduler.scheduleIfNotExists(day.instance(p.toString()), clock.instant())) {
                    progress.accept("batch scheduler: queued " + p);
                }
            }
            return due;
        } catch (SQLException e) {
            LOG.warn("batch planner could not read PostgreSQL: {}", e.getMessage());
            return List.of();
        }
    }

    /** Closed days within the lookback that hold data and never ran, and days whose source changed since. */
    List<Partition> due() throws SQLException {
        Instant now = clock.instant();
        Partition today = Partition.containing(now);
        Partition from = Partition.containing(now.minus(lookback));
        Optional<Partition> firstData = firstData(from);
        List<Partition> due = new ArrayList<>();
        Map<java.time.LocalDate, BatchHistory.PartitionRow> known = new java.util.HashMap<>();
        for (BatchHistory.PartitionRow row : history.partitions()) {
            known.put(row.date(), row);
        }
        if (firstData.isEmpty() || !firstData.get().date().isBefore(today.date())) {
            return due;
        }
        for (Partition p : Partition.range(firstData.get(), today.previous())) {
            BatchHistory.PartitionRow row = known.get(p.date());
            if (row == null || "dirty".equals(row.state()) || "running".equals(row.state()) && BatchJob.idle(db)
                    || row.windowEnd() != null && row.windowEnd().isBefore(p.end()) && !"failed".equals(row.state())) {
                due.add(p); // never run, dirty, left 'running' by a killed run, or last run while still open
            } else if ("succeeded".equals(row.state()) && !row.sourceRows().isEmpty()) {
                String changed;
                try (Connection pg = db.connect()) {
                    changed = SourceCounts.difference(row.sourceRows(), SourceCounts.count(pg, p));
                }
                if (!changed.isEmpty()) {
                    history.markDirty(p, "rows changed after the run: " + changed, now);
                    progress.accept("batch scheduler: " + p + " is dirty (" + changed + ")");
                    due.add(p);
                }
            }
        }
        return due;
    }

    private Optional<Partition> firstData(Partition from) throws SQLException {
        try (Connection pg = db.connect(); PreparedStatement st = pg.prepareStatement(
                "SELECT min(observed_at) FROM ingest_ledger WHERE observed_at >= ?")) {
            st.setTimestamp(1, Timestamp.from(from.start()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Timestamp first = rs.getTimestamp(1);
                return first == null ? Optional.empty() : Optional.of(Partition.containing(first.toInstant()));
            }
        }
    }

    private void runDay(Partition partition) {
        try {
            BatchJob.Outcome outcome = job.run(partition, EnumSet.allOf(Step.class), "scheduler");
            if (!outcome.ok()) {
                throw new IllegalStateException("batch " + partition + " failed: " + outcome.error().orElse("?"));
            }
            staleNextDay(partition);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("batch " + partition + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The next day's marts read this day (its daily return divides by this day's close), so a re-run of a day makes
     * an already run next day dirty; the planner then re-runs it, and so on up to the newest run day.
     */
    private void staleNextDay(Partition partition) throws java.sql.SQLException {
        Partition next = new Partition(partition.date().plusDays(1));
        for (BatchHistory.PartitionRow row : history.partitions()) {
            if (row.date().equals(next.date()) && "succeeded".equals(row.state())) {
                history.markDirty(next, "the previous day " + partition + " was run again", clock.instant());
                scheduler.scheduleIfNotExists(day.instance(next.toString()), clock.instant());
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            scheduler.stop();
        }
    }
}
