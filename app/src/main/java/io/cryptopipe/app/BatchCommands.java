package io.cryptopipe.app;

import io.cryptopipe.batch.BatchHistory;
import io.cryptopipe.batch.BatchJob;
import io.cryptopipe.batch.BatchPaths;
import io.cryptopipe.batch.SourceDb;
import io.cryptopipe.batch.Step;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.core.config.ConfigException;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ConfigProblem;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.publish.PublishPaths;
import io.cryptopipe.publish.PublishSettings;
import io.cryptopipe.publish.PublishStep;
import io.cryptopipe.warehouse.Project;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code batch run|backfill|status|publish}: the batch DAG by hand. Attaches to the embedded PostgreSQL of a running
 * {@code up}, {@code ingest} or {@code stream} of the same data directory, or starts it itself; Spark starts only
 * when a step extracts.
 */
final class BatchCommands {
    private BatchCommands() {
    }

    @Command(name = "batch", mixinStandardHelpOptions = true,
            description = {"The batch path by UTC day: PostgreSQL -> Parquet lake -> DuckDB marts -> gates -> report.",
                    "Subcommands: run, backfill, status, publish."})
    static final class Root implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "batch needs a subcommand: run, backfill, status or publish");
        }
    }

    /** The engines a batch command uses, opened once and closed together. */
    abstract static class BatchCommand extends ConfiguredCommand {
        private SparkSession spark;

        BatchCommand(Cli.Context context) {
            super(context);
        }

        abstract int run(ResolvedConfig config, DataDir data, Database database) throws Exception;

        /** Checks the command's own flags before any engine starts; throws {@link ConfigException}. */
        void validate() {
        }

        @Override
        public Integer call() throws Exception {
            ResolvedConfig config = resolveConfig();
            validate();
            DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
            Optional<String> running = Optional.empty();
            for (String role : DataDir.ROLES) {
                running = running.or(() -> readRunFile(data, role).flatMap(RunFile::embeddedPg));
            }
            try (Database database = Database.open(config, data, running)) {
                return run(config, data, database);
            } finally {
                if (spark != null) {
                    spark.stop();
                }
            }
        }

        BatchJob job(ResolvedConfig config, DataDir data, Database database) {
            return new BatchJob(sourceDb(database), () -> {
                if (spark == null) {
                    spark = Pipeline.spark(config, data);
                }
                return spark;
            }, Project.fromClasspath("warehouse"), new BatchPaths(data.root()),
                    config.get(ConfigKeys.BATCH_PRICE_TOLERANCE), context.clock(), context.out()::println);
        }

        static SourceDb sourceDb(Database database) {
            return new SourceDb(database.target().jdbcUrl(), database.target().user(), database.target().password());
        }

        private static Optional<RunFile> readRunFile(DataDir data, String role) {
            try {
                return RunFile.read(data.runFile(role)).filter(RunFile::alive);
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }

        static Partition partition(String flag, String text) {
            try {
                return Partition.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(List.of(new ConfigProblem(flag, e.getMessage())));
            }
        }

        /** Prints the run's ending and turns it into the exit code: 0 when gates pass, 1 otherwise. */
        int report(BatchJob.Outcome outcome) {
            PrintStream out = context.out();
            outcome.report().ifPresent(path -> out.println("report: " + path));
            if (!outcome.gates().isEmpty()) {
                // each failing or warning gate was printed with its rows as the gates step ran
                out.println(BatchJob.summary(outcome.gates()));
            }
            out.println("batch " + outcome.partition() + ": " + (outcome.ok() ? "ok" : "FAILED: "
                    + outcome.error().orElse("")));
            return outcome.ok() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the DAG (or one --step) for one UTC day. Exit 0 when the gates pass, 1 when a gate "
                    + "fails or a step errs, 2 on usage.",
                    "Today's open day runs over the data so far."})
    static final class Run extends BatchCommand {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The UTC day.")
        String date;

        @Option(names = "--step", paramLabel = "STEP", defaultValue = "all",
                description = "extract, models, gates, report, or all (default).")
        String step;

        Run(Cli.Context context) {
            super(context);
        }

        @Override
        void validate() {
            List<ConfigProblem> problems = new java.util.ArrayList<>();
            try {
                Partition.parse(date);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("--date", e.getMessage()));
            }
            try {
                Step.parse(step);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("--step", e.getMessage()));
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }

        @Override
        int run(ResolvedConfig config, DataDir data, Database database) throws Exception {
            return report(job(config, data, database).run(Partition.parse(date), Step.parse(step), "cli"));
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Run the whole DAG for every UTC day from --from to --to, in date order. Exit 1 if any day "
                    + "failed.")
    static final class Backfill extends BatchCommand {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day, included.")
        String to;

        Backfill(Cli.Context context) {
            super(context);
        }

        @Override
        void validate() {
            days();
        }

        private List<Partition> days() {
            Partition first = partition("--from", from);
            Partition last = partition("--to", to);
            try {
                return Partition.range(first, last);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(List.of(new ConfigProblem("--to", e.getMessage())));
            }
        }

        @Override
        int run(ResolvedConfig config, DataDir data, Database database) throws Exception {
            List<Partition> days = days();
            BatchJob job = job(config, data, database);
            int failed = 0;
            for (Partition day : days) {
                context.out().println("backfill: " + day + " (" + (days.indexOf(day) + 1) + "/" + days.size() + ")");
                if (report(job.run(day, EnumSet.allOf(Step.class), "backfill")) != ExitCodes.OK) {
                    failed++;
                }
            }
            context.out().println("backfill: " + days.size() + " days, " + failed + " failed");
            return failed == 0 ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List the partitions and the latest step runs (status, timings, rows, error).")
    static final class Status extends BatchCommand {
        @Option(names = "--limit", defaultValue = "20", description = "Step runs shown (default 20).")
        int limit;

        Status(Cli.Context context) {
            super(context);
        }

        @Override
        int run(ResolvedConfig config, DataDir data, Database database) throws Exception {
            BatchHistory history = new BatchHistory(sourceDb(database));
            PrintStream out = context.out();
            List<BatchHistory.PartitionRow> partitions = history.partitions();
            out.println("partitions: " + (partitions.isEmpty() ? "none run yet" : ""));
            for (BatchHistory.PartitionRow p : partitions) {
                out.println(String.format(java.util.Locale.ROOT, "  %s  %-9s  updated %s%s", p.date(), p.state(),
                        p.updatedAt(), p.dirtyReason() == null ? "" : "  (" + p.dirtyReason() + ")"));
            }
            out.println("recent steps:");
            for (BatchHistory.StepRow s : history.recentSteps(limit)) {
                String took = s.finishedAt() == null ? "running" : String.format(java.util.Locale.ROOT, "%.1f s",
                        Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0);
                out.println(String.format(java.util.Locale.ROOT, "  %s  %-7s  %-9s  %-9s  attempt %d  %8s  rows %s%s",
                        s.date(), s.step(), s.status(), s.trigger(), s.attempt(), took,
                        s.rows() == null ? "-" : s.rows(), s.error() == null ? "" : "  error: " + s.error()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Load one UTC day's marts into BigQuery: a Parquet load job per mart replacing its day "
                    + "partition (the dimensions whole), optionally through the lake bucket (--gcs-bucket).",
                    "Credentials from GOOGLE_APPLICATION_CREDENTIALS; without them, or without a project, the step "
                            + "is skipped (exit 0). Exit 1 when a load fails, 2 on usage."})
    static final class Publish extends ConfiguredCommand {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The UTC day.")
        String date;

        Publish(Cli.Context context) {
            super(context);
        }

        @Override
        public Integer call() throws Exception {
            ResolvedConfig config = resolveConfig();
            Partition day = BatchCommand.partition("--date", date);
            PublishSettings settings = new PublishSettings(config.find(ConfigKeys.GOOGLE_CREDENTIALS),
                    config.find(ConfigKeys.BQ_PROJECT), config.get(ConfigKeys.BQ_DATASET),
                    config.get(ConfigKeys.BQ_LOCATION), config.find(ConfigKeys.GCS_BUCKET),
                    config.find(ConfigKeys.BQ_ENDPOINT));
            // no engine starts and nothing is created before it is known that the day is published
            BatchPaths paths = new BatchPaths(config.get(ConfigKeys.DATA_DIR));
            PrintStream out = context.out();
            PublishStep.Result result = PublishStep.ofShippedMarts().run(settings, day,
                    new PublishPaths(paths.warehouseFile(), paths.lake(), paths.root().resolve("publish")), out::println);
            if (result instanceof PublishStep.Skipped skipped) {
                out.println("batch publish " + day + ": skipped: " + skipped.reason());
                return ExitCodes.OK;
            }
            PublishStep.Published published = (PublishStep.Published) result;
            out.println(String.format(java.util.Locale.ROOT, "batch publish %s: ok: %d tables, %d rows%s", day,
                    published.loads().size(), published.rows(), published.lakeObjects().isEmpty() ? ""
                            : ", " + published.lakeObjects().size() + " lake files to gs://"
                                    + settings.bucket().orElse("")));
            return ExitCodes.OK;
        }
    }
}
