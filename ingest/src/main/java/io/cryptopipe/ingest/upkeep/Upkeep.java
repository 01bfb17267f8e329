package io.cryptopipe.ingest.upkeep;

import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.source.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gap repair and retention beside a running ingest, each on its own daemon thread so a long repair never
 * delays retention: retention at once and then hourly, repair every {@code repair-every} starting one period after
 * start (live polling goes first). A failed run is logged and the schedule goes on. Closing stops both, interrupting
 * a run in progress (an interrupted repair records nothing for the span it was on).
 */
public final class Upkeep implements AutoCloseable {
    public static final Duration RETENTION_EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final UpkeepSettings settings;
    private final Optional<GapRepairer> repairer;
    private final Retention retention;
    private final ScheduledExecutorService executor;

    public Upkeep(UpkeepSettings settings, Optional<GapRepairer> repairer, Retention retention) {
        this.settings = settings;
        this.repairer = repairer;
        this.retention = retention;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "upkeep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Repair and retention for the ingest of {@code up}: repair through the ingestor's client (its rate limit and
     * credit budget), retention of the ingestor's raw archive, of the database and of {@code topics}.
     */
    public static Upkeep forIngest(UpkeepSettings settings, Ingestor ingestor, Connections db,
            Map<String, Object> kafkaAdminConfig, List<String> topics, Clock clock) {
        Optional<GapRepairer> repairer = settings.repairEvery().map(every -> new GapRepairer(settings.repair(),
                ingestor.client(), ingestor.settings().intervals(), db, clock, Sleeper.REAL));
        return new Upkeep(settings, repairer, new Retention(settings.retention(), db, ingestor.archive(),
                kafkaAdminConfig, topics, clock));
    }

    public void start() {
        executor.scheduleWithFixedDelay(() -> run("retention", retention::runOnce), 0,
                RETENTION_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        repairer.ifPresent(r -> {
            long every = settings.repairEvery().orElseThrow().toMillis();
            executor.scheduleWithFixedDelay(() -> run("gap repair", r::runOnce), every, every, TimeUnit.MILLISECONDS);
        });
    }

    /** One line for the console: what runs and how often. */
    public String describe() {
        return "upkeep: " + settings.repairEvery().map(e -> "gap repair every " + shown(e) + " (at most "
                + settings.repair().maxAssets() + " assets a gap, one request at a time, within the credit budget)")
                .orElse("gap repair off") + "; retention hourly: " + settings.retention().describe();
    }

    @FunctionalInterface
    private interface Job {
        Object run() throws Exception;
    }

    private static void run(String name, Job job) {
        try {
            job.run();
        } catch (InterruptedException e) {
            LOG.debug("{} stopped", name);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} failed; it runs again on schedule: {}", name, e.toString());
        }
    }

    private static String shown(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("gap repair or retention did not stop within {} s", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
