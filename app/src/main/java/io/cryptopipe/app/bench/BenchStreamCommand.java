package io.cryptopipe.app.bench;

import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.stream.RunningStream;
import io.cryptopipe.stream.SparkSessions;
import io.cryptopipe.stream.StreamJob;
import io.cryptopipe.stream.StreamSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench stream}: one run, on one fresh durable embedded PostgreSQL with the real schema and one fresh
 * embedded Kafka, under {@code <data>/bench/<time>} (deleted afterwards unless {@code --keep}):
 * <ol>
 *   <li>(a1) direct COPY and (a2) COPY + merge through the real sink, of the very rows the pipeline stores, in
 *       chunks of its batch size ({@link CopyBaseline});</li>
 *   <li>(b) a backlog of {@code --records} asset items published first, then the real stream started on a fresh
 *       checkpoint and timed until drained, the row counts checked ({@link EndToEnd});</li>
 *   <li>(c) freshness at {@code --rate} and (c2) in {@code up}-shaped bursts, fetch to all rows committed
 *       ({@link Freshness});</li>
 *   <li>(d) the process's peak RSS.</li>
 * </ol>
 * Prints one table ({@link BenchReport}), optionally writes it as JSON. Exit 0 even when a target is missed (it is a
 * measurement), 1 when the run could not measure (lost rows, a failed or stuck stream), 2 on usage.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the streaming path on fresh embedded engines under <data>/bench/<time>:",
                "COPY baselines, end-to-end throughput of a Kafka backlog, freshness (fetch -> rows committed),",
                "CPU per phase and peak RSS.",
                "Exit 0 when measured (targets missed or not), 1 when rows were lost or the stream failed."})
final class BenchStreamCommand implements Callable<Integer> {
    /** {@code up}'s poll: {@code limit=2000} assets. */
    static final int UP_POLL_SIZE = 2000;
    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(5);
    private static final Duration MIN_DRAIN = Duration.ofMinutes(15);
    private static final long SEED = 42;
    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "1000000",
            description = "Asset items in the backlog (and in each baseline). Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "2000",
            description = "Freshness: items a second, in polls of R/10 items every 100 ms. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--freshness-seconds", paramLabel = "S", defaultValue = "30",
            description = "Freshness: seconds measured after the warm-up. Default: ${DEFAULT-VALUE}.")
    int freshnessSeconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
            description = "Freshness: seconds published but not measured first. Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--bursts", paramLabel = "N", defaultValue = "4",
            description = "Burst freshness: polls of 2000 assets (up's shape); 0 skips it. Default: ${DEFAULT-VALUE}.")
    int bursts;

    @Option(names = "--burst-interval", paramLabel = "S", defaultValue = "10",
            description = "Seconds between the bursts (up's asset interval). Default: ${DEFAULT-VALUE}.")
    int burstInterval;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--keep", description = "Keep <data>/bench/<time> (PostgreSQL, Kafka log, checkpoint).")
    boolean keep;

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    BenchStreamCommand(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        long wallStart = System.nanoTime();
        checkOptions();
        ResolvedConfig config = resolveConfig();
        List<String> entities = config.get(ConfigKeys.ENTITIES);
        if (!entities.contains("assets")) {
            throw new ParameterException(spec.commandLine(), "--entities must include assets: the benchmark "
                    + "publishes asset polls (got " + String.join(",", entities) + ")");
        }
        int partitions = config.get(ConfigKeys.KAFKA_PARTITIONS);
        int maxOffsets = config.get(ConfigKeys.STREAM_MAX_OFFSETS);
        int itemsPerPoll = (int) Math.max(1, Math.round(rate * POLL_EVERY.toMillis() / 1000.0));
        ProcStatus proc = new ProcStatus(Path.of("/proc"));
        Run run = new Run(config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize(), entities, partitions,
                config.get(ConfigKeys.STREAM_TRIGGER), maxOffsets, Math.max(1, maxOffsets / partitions),
                config.get(ConfigKeys.SPARK_MASTER), itemsPerPoll, proc.loadAverage());
        for (ConfigKey<?> ignored : List.of(ConfigKeys.PG_URL, ConfigKeys.KAFKA)) {
            if (config.find(ignored).isPresent()) {
                out.println("note: " + ignored + " is set but ignored: bench stream always runs on fresh embedded "
                        + "engines");
            }
        }
        try {
            BenchReport report = measure(run, proc, wallStart);
            out.print(report.render());
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
                out.println("json: " + json.toAbsolutePath());
            }
            return CommandLine.ExitCode.OK;
        } catch (BenchFailure e) {
            err.println("cryptopipe bench stream: error: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
    }

    private BenchReport measure(Run run, ProcStatus proc, long wallStart) throws Exception {
        Path dir = run.data().resolve("bench").resolve(DIR_NAME.format(clock.instant()));
        RowGenerator rows = new RowGenerator(SEED, Math.max(UP_POLL_SIZE, run.itemsPerPoll()));
        BacklogPlan plan = new BacklogPlan(records, UP_POLL_SIZE, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        out.println("cryptopipe bench stream: " + String.format(Locale.ROOT, "%,d", records) + " records, engines in "
                + dir + (keep ? " (kept)" : " (deleted afterwards)"));
        try (BenchEngines engines = BenchEngines.start(dir, run.data().resolve("pg-runtime"), run.partitions(), keep)) {
            CopyBaseline baseline = new CopyBaseline(rows, plan, engines.target(), run.batchRows(),
                    dir.resolve("raw-baseline"));
            PhaseRecorder phases = new PhaseRecorder(new CpuMeter(Path.of("/proc"),
                    dir.resolve("pg").resolve("postmaster.pid")), proc);
            engines.reset();
            phases.start("(a1) direct COPY");
            CopyBaseline.Pass direct = baseline.directCopy();
            phases.end("(a1) direct COPY");
            expectRows(engines, "(a1) direct COPY", direct);
            engines.reset();
            phases.start("(a2) COPY + merge");
            CopyBaseline.Pass merge = baseline.copyMerge();
            phases.end("(a2) COPY + merge");
            expectRows(engines, "(a2) COPY + merge", merge);
            engines.reset();
            try (PollSender sender = new PollSender(engines.bootstrap(), dir.resolve("raw"), run.partitions())) {
                EndToEnd endToEnd = new EndToEnd(rows, plan, sender, engines);
                phases.start("(b) backlog publish");
                EndToEnd.Backlog backlog = endToEnd.publishBacklog();
                phases.end("(b) backlog publish");
                out.println(String.format(Locale.ROOT, "(b) backlog: %,d records in %,d polls published in %.1f s",
                        backlog.records(), backlog.polls(), backlog.nanos() / 1e9));
                StreamSettings settings = new StreamSettings(engines.bootstrap(), Map.of(), run.entities(),
                        run.trigger(), run.maxOffsets(), dir.resolve("checkpoints"), engines.target(),
                        CrashPoints.none());
                SparkSession spark = SparkSessions.create(run.sparkMaster(), dir.resolve("spark"), Optional.empty());
                BatchLog batches = BatchLog.attach(spark, settings.queryName());
                try {
                    Results results = streamPhases(spark, settings, endToEnd, engines, sender, rows, plan, run,
                            phases);
                    List<BatchLog.Batch> all = batches.withInput();
                    List<BatchLog.Batch> e2eBatches = all.stream()
                            .filter(b -> b.batchId() <= results.e2e().lastBatch()).toList();
                    List<BatchLog.Batch> liveBatches = all.stream()
                            .filter(b -> b.batchId() > results.e2e().lastBatch()).toList();
                    double rss = proc.peakRssMb().orElse(-1);
                    BenchReport.Setup setup = new BenchReport.Setup(Runtime.getRuntime().availableProcessors(),
                            records, run.trigger().toMillis(), run.maxOffsets(), run.partitions(), run.batchRows(),
                            run.sparkMaster(), run.entities(), UP_POLL_SIZE, SAMPLE_EVERY.toMillis(),
                            run.loadBefore(), proc.loadAverage());
                    return new BenchReport(setup, direct, merge, backlog, results.e2e(), e2eBatches, liveBatches,
                            figures(results.steady(), run.itemsPerPoll(), POLL_EVERY, rate),
                            results.bursts() == null ? null : figures(results.bursts(), UP_POLL_SIZE,
                                    Duration.ofSeconds(burstInterval), 0),
                            phases.phases(), rss, (System.nanoTime() - wallStart) / 1e9);
                } finally {
                    batches.detach(spark);
                    spark.stop();
                }
            }
        }
    }

    /** (b), (c) and (c2) on one running stream. */
    private Results streamPhases(SparkSession spark, StreamSettings settings, EndToEnd endToEnd,
            BenchEngines engines, PollSender sender, RowGenerator rows, BacklogPlan plan, Run run,
            PhaseRecorder phases) throws Exception {
        Duration drainTimeout = MIN_DRAIN.compareTo(Duration.ofSeconds(records / 1000L)) >= 0 ? MIN_DRAIN
                : Duration.ofSeconds(records / 1000L);
        phases.start("(b) end to end");
        long started = System.nanoTime();
        try (RunningStream stream = StreamJob.start(spark, settings)) {
            EndToEnd.Result e2e = endToEnd.drain(stream, started, drainTimeout);
            phases.end("(b) end to end");
            out.println(String.format(Locale.ROOT, "(b) end to end: %,d records stored in %.1f s (%,.0f records/s); "
                    + "row counts checked", e2e.records(), e2e.nanos() / 1e9, e2e.recordsPerSecond()));
            try (ProgressSampler sampler = new ProgressSampler(engines.target(), settings.queryName(),
                    PollPublisher.topic("assets"), run.partitions(), SAMPLE_EVERY)) {
                sampler.start();
                Freshness freshness = new Freshness(rows, sender, sampler, engines.target(), plan.end());
                out.println(String.format(Locale.ROOT, "(c) freshness: %,d items/s in polls of %,d every %d ms, "
                        + "%d s warm-up, %d s measured", rate, run.itemsPerPoll(), POLL_EVERY.toMillis(),
                        warmupSeconds, freshnessSeconds));
                Freshness.Result steady = freshness.steady(run.itemsPerPoll(), POLL_EVERY,
                        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(freshnessSeconds));
                phases.end("(c) freshness");
                Freshness.Result burst = null;
                if (bursts > 0) {
                    out.println(String.format(Locale.ROOT, "(c2) bursts: %d poll(s) of %,d assets every %d s",
                            bursts, UP_POLL_SIZE, burstInterval));
                    burst = freshness.bursts(UP_POLL_SIZE, Duration.ofSeconds(burstInterval), bursts);
                    phases.end("(c2) bursts");
                }
                if (stream.failure().isPresent()) {
                    throw new BenchFailure("the stream failed: " + stream.failure().get());
                }
                return new Results(e2e, steady, burst);
            }
        }
    }

    private void expectRows(BenchEngines engines, String phase, CopyBaseline.Pass pass) throws SQLException {
        long stored = engines.count("asset_snapshots");
        if (stored != records || pass.rows() != records) {
            throw new BenchFailure("lost rows in " + phase + ": wrote " + pass.rows() + " of " + records
                    + " rows, asset_snapshots holds " + stored);
        }
        out.println(String.format(Locale.ROOT, "%s: %,d rows in %.1f s of writing (%,.0f rows/s)", phase,
                pass.rows(), pass.writeSeconds(), pass.rowsPerSecond()));
    }

    private static BenchReport.FreshnessFigures figures(Freshness.Result result, int itemsPerPoll, Duration every,
            double targetRate) {
        return new BenchReport.FreshnessFigures(Percentiles.of(result.latencyNanos()),
                Percentiles.of(result.publishNanos()), result.polls(), result.items(), itemsPerPoll, every.toMillis(),
                targetRate, result.itemsPerSecond());
    }

    private void checkOptions() {
        StringBuilder problems = new StringBuilder();
        check(problems, records >= 1 && records <= 100_000_000, "--records must be 1 to 100000000: " + records);
        check(problems, rate >= 10 && rate <= 100_000, "--rate must be 10 to 100000 items a second: " + rate);
        check(problems, freshnessSeconds >= 1 && freshnessSeconds <= 3600,
                "--freshness-seconds must be 1 to 3600: " + freshnessSeconds);
        check(problems, warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup-seconds must be 0 to 600: "
                + warmupSeconds);
        check(problems, bursts >= 0 && bursts <= 100, "--bursts must be 0 to 100: " + bursts);
        check(problems, burstInterval >= 1 && burstInterval <= 600, "--burst-interval must be 1 to 600 seconds: "
                + burstInterval);
        if (problems.length() > 0) {
            throw new ParameterException(spec.commandLine(), problems.toString().stripTrailing());
        }
    }

    private static void check(StringBuilder problems, boolean ok, String problem) {
        if (!ok) {
            problems.append(problem).append('\n');
        }
    }

    /** Flag, environment, file, default: the same resolution every command uses. */
    private ResolvedConfig resolveConfig() {
        return BenchCommand.resolveConfig(spec, env);
    }

    /** The run's settings, resolved once. */
    private record Run(Path data, List<String> entities, int partitions, Duration trigger, int maxOffsets,
            int batchRows, String sparkMaster, int itemsPerPoll, String loadBefore) {
    }

    private record Results(EndToEnd.Result e2e, Freshness.Result steady, Freshness.Result bursts) {
    }
}
