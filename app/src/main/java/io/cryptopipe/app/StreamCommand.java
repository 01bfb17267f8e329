package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.stream.RunningStream;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/**
 * {@code stream}: the stream half alone (Kafka -> Spark -> PostgreSQL), for the entities of {@code --entities}.
 * With the embedded broker it uses the one a running {@code ingest} of this data directory started, or starts the
 * data directory's broker itself and stores what its log holds.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Run the stream alone: Kafka -> Spark Structured Streaming -> PostgreSQL.",
                "--entities assets,markets runs a subset. Stops after --duration, or on Ctrl-C, after draining."})
final class StreamCommand extends ConfiguredCommand {
    StreamCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        CrashPoints crash = CrashPoints.fromProperty(System.getProperty(CrashPoints.PROPERTY));
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        Pipeline.refuseIfRunning(data, "stream");
        Optional<String> ingestsBroker = RunFile.read(data.runFile("ingest")).filter(RunFile::alive)
                .flatMap(RunFile::embeddedKafka);
        try (Lifecycle lifecycle = new Lifecycle(config.get(ConfigKeys.DRAIN_TIMEOUT).plusSeconds(30));
             Database database = Database.open(config, data, Optional.empty());
             Broker broker = Broker.open(config, data, ingestsBroker)) {
            broker.ensureTopics(config.get(ConfigKeys.KAFKA_PARTITIONS));
            context.out().println("cryptopipe stream: kafka " + broker.bootstrap() + " -> postgresql "
                    + database.shownUrl());
            Pipeline pipeline = new Pipeline(config, context, data, crash);
            SparkSession spark = Pipeline.spark(config, data);
            context.out().println("spark: " + spark.sparkContext().master());
            int code;
            try (RunningStream stream = pipeline.startStream(spark, broker, database);
                 Progress progress = new Progress(context.clock(), Optional.empty(), Optional.empty(), Optional.of(stream),
                         Optional.of(pipeline.streamSettings(broker, database)), Optional.of(database),
                         Optional.of(broker))) {
                new RunFile("stream", ProcessHandle.current().pid(), context.clock().instant(), "-",
                        broker.embedded() ? Optional.of(broker.bootstrap()) : Optional.empty(),
                        database.embedded() ? Optional.of(database.target().jdbcUrl()) : Optional.empty(),
                        broker.bootstrap(), database.shownUrl()).write(data.runFile("stream"));
                try {
                    Optional<String> failure = pipeline.follow(lifecycle, progress, Optional.of(stream));
                    boolean drained = pipeline.stop(Optional.empty(), Optional.of(stream), progress);
                    code = failure.isEmpty() && drained ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
                } finally {
                    RunFile.removeOwn(data.runFile("stream"));
                }
            } finally {
                spark.stop();
            }
            context.out().println(code == ExitCodes.OK ? "stopped cleanly" : "stopped with errors");
            return code;
        }
    }
}
