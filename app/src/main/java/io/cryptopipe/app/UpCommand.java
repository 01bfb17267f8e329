package io.cryptopipe.app;

import io.cryptopipe.app.metrics.PipelineMetrics;
import io.cryptopipe.core.config.CoinCapSource;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.ingest.upkeep.Upkeep;
import io.cryptopipe.serve.Dashboard;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.stream.RunningStream;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code up}: the whole streaming path on the embedded defaults: source (the simulator when no key and no URL are
 * set) -> raw archive -> Kafka -> Spark -> PostgreSQL. Stops after {@code --duration} or on Ctrl-C by stopping ingest
 * and draining the stream; exit 0 when everything published was stored, 1 when the drain timed out or a component
 * failed.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the pipeline on the embedded defaults (no key and no --coincap-url: the built-in "
                + "CoinCap simulator): source -> raw archive -> Kafka -> Spark -> PostgreSQL.",
                "Stops after --duration, or on Ctrl-C (exit 130), after draining the stream."})
final class UpCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    UpCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        LOG.info("effective configuration: {}", config.describeForLog());
        CrashPoints crash = CrashPoints.fromProperty(System.getProperty(CrashPoints.PROPERTY));
        CoinCapSource source = config.coinCapSource();
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        Pipeline.refuseIfRunning(data, "up");
        PrintStream out = context.out();
        try (Lifecycle lifecycle = new Lifecycle(config.get(ConfigKeys.DRAIN_TIMEOUT).plusSeconds(30));
             Simulator simulator = source.simulator() ? startSimulator(config, "127.0.0.1", 0) : null;
             Database database = Database.open(config, data, Optional.empty());
             Broker broker = Broker.open(config, data, Optional.empty())) {
            URI apiBase = source.simulator()
                    ? URI.create(simulator.baseUrl() + "/" + source.shape().segment())
                    : source.baseUrl().orElseThrow();
            broker.ensureTopics(config.get(ConfigKeys.KAFKA_PARTITIONS));
            announce(out, source, simulator, data, database, broker);
            Optional<URI> ws = source.simulator() ? Optional.of(simulator.wsUrl()) : source.wsUrl();
            int code = run(config, data, crash, lifecycle, database, broker, apiBase, ws, source);
            out.println(code == ExitCodes.OK ? "stopped cleanly" : "stopped with errors");
            return code;
        }
    }

    private int run(ResolvedConfig config, DataDir data, CrashPoints crash, Lifecycle lifecycle, Database database,
            Broker broker, URI apiBase, Optional<URI> ws, CoinCapSource source) throws Exception {
        Pipeline pipeline = new Pipeline(config, context, data, crash);
        PrometheusMeterRegistry registry = PipelineMetrics.newRegistry();
        SparkSession spark = Pipeline.spark(config, data);
        try (RunningStream stream = pipeline.startStream(spark, broker, database)) {
            ClientSettings settings = ClientSettings.from(config, apiBase, source.shape());
            try (Pipeline.Ingest ingest = pipeline.startIngest(broker, settings);
                 LivePrices prices = pipeline.startPrices(ingest, broker, ws);
                 Upkeep upkeep = pipeline.startUpkeep(ingest, broker, database);
                 AutoCloseable batch = pipeline.startBatch(spark, database);
                 Progress progress = new Progress(context.clock(), Optional.of(ingest.ingestor()), Optional.of(prices),
                         Optional.of(stream), Optional.of(pipeline.streamSettings(broker, database)),
                         Optional.of(database), Optional.of(broker));
                 PipelineMetrics metrics = PipelineMetrics.builder(context.clock()).client(ingest.client())
                         .ingest(ingest.ingestor()).prices(prices.feed())
                         .stream(stream, pipeline.streamSettings(broker, database))
                         .database(database::connect, database.shownUrl())
                         .kafka(broker.adminConfig(), broker.bootstrap())
                         .batch(config.get(ConfigKeys.BATCH_EVERY)).bind(registry);
                 Dashboard dashboard = pipeline.startDashboard(database, metrics.status(), registry)) {
                new RunFile("up", ProcessHandle.current().pid(), context.clock().instant(),
                        ResolvedConfig.maskUrl(apiBase.toString()),
                        broker.embedded() ? Optional.of(broker.bootstrap()) : Optional.empty(),
                        database.embedded() ? Optional.of(database.target().jdbcUrl()) : Optional.empty(),
                        broker.bootstrap(), database.shownUrl()).write(data.runFile("up"));
                try {
                    Optional<String> failure = pipeline.follow(lifecycle, progress, Optional.of(stream));
                    prices.close(); // no new ticks while the stream drains
                    upkeep.close(); // no gap repair or retention while stopping
                    batch.close(); // a day run in progress ends with the scheduler; it is retried on the next start
                    boolean drained = pipeline.stop(Optional.of(ingest.ingestor()), Optional.of(stream), progress);
                    return failure.isEmpty() && drained ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
                } finally {
                    RunFile.removeOwn(data.runFile("up"));
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static void announce(PrintStream out, CoinCapSource source, Simulator simulator, DataDir data,
            Database database, Broker broker) {
        if (simulator != null) {
            out.println("cryptopipe up: no COINCAP_API_KEY and no --coincap-url, so the source is the built-in "
                    + "CoinCap simulator");
            out.println("  simulator:  " + simulator.describe());
            out.println("  serving:    " + simulator.baseUrl() + "/v2 and " + simulator.baseUrl() + "/v3, prices "
                    + "socket " + simulator.wsUrl() + "/prices");
        } else {
            out.println("cryptopipe up: source " + source.describe());
            if (source.shape() == ApiShape.V2) {
                out.println("  note: CoinCap's public v2 API was shut down on 2025-03-31; a v2 URL must be a "
                        + "v2-compatible server");
            }
        }
        out.println("  postgresql: " + database.shownUrl() + (database.embedded() ? " (embedded, data in "
                + data.root().resolve("pg") + ")" : ""));
        out.println("  kafka:      " + broker.bootstrap() + (broker.embedded() ? " (embedded KRaft, log in "
                + data.root().resolve("kafka") + ")" : ""));
        out.println("  data dir:   " + data.root());
        out.println("  batch:      lake " + data.root().resolve("lake") + ", warehouse "
                + data.root().resolve("warehouse") + ", reports " + data.root().resolve("reports"));
    }
}
