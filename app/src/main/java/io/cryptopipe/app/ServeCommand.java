package io.cryptopipe.app;

import io.cryptopipe.app.metrics.PipelineMetrics;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.serve.Dashboard;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code serve}: the read-only dashboard alone ({@code /api}, {@code /metrics}, {@code /health}) over an existing
 * PostgreSQL ({@code --pg-url}, or the data directory's embedded one), for deployments that run ingest and the stream
 * as their own services. With {@code --kafka} its pipeline page and metrics show the stream's lag per topic. Without
 * {@code --pg-url} (or {@code --kafka}) it uses the embedded server an {@code up}, {@code ingest} or {@code stream}
 * of the same data directory runs, or starts the data directory's PostgreSQL itself.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard alone over an existing PostgreSQL (--pg-url), with /api, /metrics, /health.",
                "--kafka adds the lag per topic. Beyond loopback (--http-bind) a password is required.",
                "Stops after --duration, or on Ctrl-C."})
final class ServeCommand extends ConfiguredCommand {
    static final String NAME = "serve";

    ServeCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        // without --pg-url / --kafka: the embedded servers an up, ingest or stream of this data directory runs
        Optional<String> runningPg = data.runningEmbeddedPg();
        Optional<String> runningKafka = data.runningEmbeddedKafka();
        boolean withKafka = config.find(ConfigKeys.KAFKA).isPresent() || runningKafka.isPresent();
        try (Lifecycle lifecycle = new Lifecycle();
             Database database = Database.open(config, data, runningPg);
             Broker broker = withKafka ? Broker.open(config, data, runningKafka) : null) {
            context.out().println("cryptopipe serve: postgresql " + database.shownUrl()
                    + (broker != null ? "; kafka " + broker.bootstrap() : "; no --kafka: lag not shown"));
            Pipeline pipeline = new Pipeline(config, context, data, CrashPoints.none());
            PrometheusMeterRegistry registry = PipelineMetrics.newRegistry();
            PipelineMetrics.Builder builder = PipelineMetrics.builder(context.clock())
                    .database(database::connect, database.shownUrl());
            if (broker != null) {
                builder.kafka(broker.adminConfig(), broker.bootstrap());
            }
            try (PipelineMetrics metrics = builder.bind(registry);
                 Dashboard dashboard = pipeline.startDashboard(database, metrics.status(), registry)) {
                lifecycle.runUntilStopped(config.find(ConfigKeys.DURATION), context.out());
            }
            context.out().println("stopped cleanly");
            return ExitCodes.OK;
        }
    }
}
