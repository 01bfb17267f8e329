package io.cryptopipe.app.bench;

import io.cryptopipe.batch.BatchHistory;
import io.cryptopipe.batch.BatchJob;
import io.cryptopipe.batch.BatchPaths;
import io.cryptopipe.batch.SourceDb;
import io.cryptopipe.batch.Step;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.lake.SyntheticDay;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.stream.SparkSessions;
import io.cryptopipe.warehouse.Project;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
import picocli.CommandLine.Spec;

/**
 * {@code bench batch}: one realistic day (by default 2,000 assets at 1-minute snapshots and 20,000 markets at
 * 5-minute snapshots, plus rates, exchanges and the ledger: about 8.6M rows) COPYed into a fresh durable embedded
 * PostgreSQL under {@code <data>/bench/batch-<time>}, then the real DAG (extract, models, gates, report) run on it once,
 * each step timed as {@code batch_runs} records it. Target: the whole day in at most 3 minutes on 2 cores. The load is
 * timed but outside the target. Exit 0 when measured (target met or not), 1 when a step erred.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the batch DAG on one realistic day in a fresh embedded PostgreSQL:",
                "load (COPY, not in the target), then extract, models, gates and report, each timed, rows/s.",
                "Target: the whole day in <= 180 s."})
final class BenchBatchCommand implements Callable<Integer> {
    static final double TARGET_SECONDS = 180;
    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--assets", defaultValue = "2000", description = "Assets, one snapshot a minute. "
            + "Default: ${DEFAULT-VALUE}.")
    int assets;

    @Option(names = "--markets", defaultValue = "20000", description = "Markets, one snapshot every 5 minutes. "
            + "Default: ${DEFAULT-VALUE}.")
    int markets;

    @Option(names = "--day", defaultValue = "2026-01-15", description = "The UTC day loaded. Default: ${DEFAULT-VALUE}.")
    String day;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--keep", description = "Keep <data>/bench/batch-<time> (PostgreSQL, lake, warehouse, report).")
    boolean keep;

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;

    BenchBatchCommand(Map<String, String> env, Clock clock, PrintStream out) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        long wallStart = System.nanoTime();
        ResolvedConfig config = BenchCommand.resolveConfig(spec, env);
        Partition partition = new Partition(LocalDate.parse(day));
        SyntheticDay.Shape realistic = SyntheticDay.Shape.realistic();
        SyntheticDay.Shape shape = new SyntheticDay.Shape(assets, realistic.assetEvery(), markets,
                realistic.marketEvery(), realistic.rates(), realistic.rateEvery(), realistic.exchanges(),
                realistic.exchangeEvery());
        Path data = config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
        Path dir = data.resolve("bench").resolve("batch-" + DIR_NAME.format(clock.instant()));
        out.println(String.format(Locale.ROOT, "cryptopipe bench batch: %s, %,d assets every %s, %,d markets every %s"
                + " (%,d rows), in %s%s", partition, assets, shape.assetEvery(), markets, shape.marketEvery(),
                shape.rowsPerDay(), dir, keep ? " (kept)" : " (deleted afterwards)"));
        ProcStatus proc = new ProcStatus(Path.of("/proc"));
        try (PgServer pg = PgServer.start(dir.resolve("pg"), data.resolve("pg-runtime"))) {
            Schema.migrate(pg.dataSource());
            SyntheticDay.LoadResult load;
            try (Connection c = pg.dataSource().getConnection()) {
                load = SyntheticDay.load(c, partition, shape, 42);
            }
            out.println(String.format(Locale.ROOT, "load: %,d rows COPYed in %.1f s (%,.0f rows/s; not in the target)",
                    load.rows(), load.took().toMillis() / 1000.0, load.rowsPerSecond()));
            SparkSession spark = SparkSessions.create(config.get(ConfigKeys.SPARK_MASTER), dir.resolve("spark"),
                    Optional.empty());
            try {
                SourceDb db = new SourceDb(pg.jdbcUrl(), null, null);
                BatchJob job = new BatchJob(db, () -> spark, Project.fromClasspath("warehouse"), new BatchPaths(dir),
                        0.5, clock, out::println);
                BatchJob.Outcome outcome = job.run(partition, EnumSet.allOf(Step.class), "bench");
                List<BatchHistory.StepRow> steps = new ArrayList<>(new BatchHistory(db).recentSteps(10));
                steps.removeIf(s -> !s.run().equals(outcome.runId()));
                java.util.Collections.reverse(steps);
                String table = render(load, steps, proc.peakRssMb().orElse(-1), outcome);
                out.print(table);
                if (json != null) {
                    writeJson(load, steps, proc.peakRssMb().orElse(-1), (System.nanoTime() - wallStart) / 1e9);
                }
                return outcome.error().filter(e -> !e.startsWith("gates failed")).isPresent()
                        ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
            } finally {
                spark.stop();
            }
        } finally {
            if (!keep) {
                delete(dir);
            }
        }
    }

    private static String render(SyntheticDay.LoadResult load, List<BatchHistory.StepRow> steps, double rssMb,
                                 BatchJob.Outcome outcome) {
        StringBuilder sb = new StringBuilder("\nstep       seconds        rows       rows/s   status\n");
        double total = 0;
        for (BatchHistory.StepRow s : steps) {
            double seconds = seconds(s);
            total += seconds;
            long rows = "extract".equals(s.step()) || "models".equals(s.step())
                    ? (s.rows() == null ? 0 : s.rows()) : 0;
            sb.append(String.format(Locale.ROOT, "%-9s %8.1f %11s %12s   %s%n", s.step(), seconds,
                    rows == 0 ? "-" : String.format(Locale.ROOT, "%,d", rows),
                    rows == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", rows / Math.max(seconds, 1e-3)), s.status()));
        }
        sb.append(String.format(Locale.ROOT, "%-9s %8.1f %11s %12s   target <= %.0f s: %s%n", "total", total,
                String.format(Locale.ROOT, "%,d", load.rows()),
                String.format(Locale.ROOT, "%,.0f", load.rows() / Math.max(total, 1e-3)), TARGET_SECONDS,
                total <= TARGET_SECONDS ? "met" : "MISSED"));
        sb.append(String.format(Locale.ROOT, "peak RSS %.0f MiB; gates: %s%n", rssMb,
                outcome.gates().isEmpty() ? "not run" : outcome.gates().stream().filter(g -> g.failures() > 0)
                        .map(g -> g.gate() + "=" + g.failures()).reduce((a, b) -> a + ", " + b).orElse("all passed")));
        return sb.toString();
    }

    private void writeJson(SyntheticDay.LoadResult load, List<BatchHistory.StepRow> steps, double rssMb,
                           double wallSeconds) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", load.rows());
        figures.put("load_seconds", load.took().toMillis() / 1000.0);
        double total = 0;
        for (BatchHistory.StepRow s : steps) {
            figures.put(s.step() + "_seconds", seconds(s));
            total += seconds(s);
        }
        figures.put("batch_seconds", total);
        figures.put("batch_rows_per_second", load.rows() / Math.max(total, 1e-3));
        figures.put("target_seconds", TARGET_SECONDS);
        figures.put("peak_rss_mb", rssMb);
        figures.put("wall_seconds", wallSeconds);
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(figures), StandardCharsets.UTF_8);
        out.println("json: " + json.toAbsolutePath());
    }

    private static double seconds(BatchHistory.StepRow s) {
        return s.finishedAt() == null ? 0 : Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
