package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import java.time.Duration;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/**
 * {@code batch-scheduler}: the persistent batch scheduler of {@code up} alone (db-scheduler on the same PostgreSQL):
 * every {@code --batch-every} it queues closed and dirty days and runs their DAG (extract -> models -> gates ->
 * report) on its own SparkSession ({@code --spark-master}). For deployments that run ingest and the stream as
 * their own services and do not schedule the batch with Airflow.
 */
@Command(name = "batch-scheduler", mixinStandardHelpOptions = true,
        description = {"Run the batch scheduler alone: every --batch-every, queue closed and dirty days and run them.",
                "Uses --pg-url (or the data directory's embedded PostgreSQL) and --spark-master for the extract.",
                "Stops after --duration, or on Ctrl-C."})
final class BatchSchedulerCommand extends ConfiguredCommand {
    static final String NAME = "batch-scheduler";

    BatchSchedulerCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        if (config.get(ConfigKeys.BATCH_EVERY).isZero()) {
            context.err().println("cryptopipe batch-scheduler: --batch-every off leaves nothing to schedule; "
                    + "give a duration such as 10m, or run days with 'cryptopipe batch run'");
            return ExitCodes.USAGE;
        }
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        // without --pg-url: the embedded PostgreSQL an up, ingest or stream of this data directory runs, if any
        Optional<String> runningPg = data.runningEmbeddedPg();
        try (Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(60));
             Database database = Database.open(config, data, runningPg)) {
            context.out().println("cryptopipe batch-scheduler: postgresql " + database.shownUrl() + "; spark "
                    + config.get(ConfigKeys.SPARK_MASTER));
            Pipeline pipeline = new Pipeline(config, context, data, CrashPoints.none());
            SparkSession spark = Pipeline.spark(config, data);
            try (AutoCloseable scheduler = pipeline.startBatch(spark, database)) {
                lifecycle.runUntilStopped(config.find(ConfigKeys.DURATION), context.out());
            } finally {
                spark.stop();
            }
            context.out().println("stopped cleanly");
            return ExitCodes.OK;
        }
    }
}
