package io.cryptopipe.app;

import io.cryptopipe.core.config.CoinCapSource;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.source.ClientSettings;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code ingest}: the source half alone (source -> raw archive -> Kafka, with the ledger), for deployments that run
 * the stream elsewhere. With the embedded broker it uses the one a running {@code stream} of this data directory
 * started, or starts its own, which a later {@code stream} then uses.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Run ingest alone: poll CoinCap (or the simulator), archive every poll, publish to Kafka.",
                "Stops after --duration, or on Ctrl-C."})
final class IngestCommand extends ConfiguredCommand {
    IngestCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        CrashPoints crash = CrashPoints.fromProperty(System.getProperty(CrashPoints.PROPERTY));
        CoinCapSource source = config.coinCapSource();
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        Pipeline.refuseIfRunning(data, "ingest");
        Optional<String> streamsBroker = RunFile.read(data.runFile("stream")).filter(RunFile::alive)
                .flatMap(RunFile::embeddedKafka);
        try (Lifecycle lifecycle = new Lifecycle();
             Simulator simulator = source.simulator() ? startSimulator(config, "127.0.0.1", 0) : null;
             Broker broker = Broker.open(config, data, streamsBroker)) {
            URI apiBase = source.simulator()
                    ? URI.create(simulator.baseUrl() + "/" + source.shape().segment())
                    : source.baseUrl().orElseThrow();
            broker.ensureTopics(config.get(ConfigKeys.KAFKA_PARTITIONS));
            context.out().println("cryptopipe ingest: source " + (simulator != null ? "the built-in simulator at "
                    + apiBase : source.describe()) + "; kafka " + broker.bootstrap() + "; archive "
                    + data.root().resolve("raw"));
            Pipeline pipeline = new Pipeline(config, context, data, crash);
            ClientSettings settings = ClientSettings.from(config, apiBase, source.shape());
            Optional<java.net.URI> ws = simulator != null ? Optional.of(simulator.wsUrl()) : source.wsUrl();
            try (Pipeline.Ingest ingest = pipeline.startIngest(broker, settings);
                 LivePrices prices = pipeline.startPrices(ingest, broker, ws);
                 Progress progress = new Progress(context.clock(), Optional.of(ingest.ingestor()), Optional.of(prices),
                         Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())) {
                new RunFile("ingest", ProcessHandle.current().pid(), context.clock().instant(),
                        ResolvedConfig.maskUrl(apiBase.toString()),
                        broker.embedded() ? Optional.of(broker.bootstrap()) : Optional.empty(), Optional.empty(),
                        broker.bootstrap(), "-").write(data.runFile("ingest"));
                try {
                    pipeline.follow(lifecycle, progress, Optional.empty());
                    pipeline.stop(Optional.of(ingest.ingestor()), Optional.empty(), progress);
                } finally {
                    RunFile.removeOwn(data.runFile("ingest"));
                }
            }
            context.out().println("stopped cleanly");
            return ExitCodes.OK;
        }
    }
}
