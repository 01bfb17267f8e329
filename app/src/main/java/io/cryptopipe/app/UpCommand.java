package io.cryptopipe.app;

import io.cryptopipe.core.config.CoinCapSource;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.PriceSocket;
import io.cryptopipe.source.PriceSocketSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code up}: runs the pipeline on the embedded defaults. Until the streaming path lands it runs the source (the
 * simulator when no key and no URL are set), prints what it serves, and says what does not run yet.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the pipeline on the embedded defaults (no key and no --coincap-url: the built-in "
                + "CoinCap simulator).", "Stops after --duration, or on Ctrl-C (exit 130)."})
final class UpCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    private static final Duration SIMULATOR_PREVIEW = Duration.ofSeconds(10);
    /** External APIs: no more than once a minute, and slower when a credit budget would not last the day. */
    private static final Duration EXTERNAL_PREVIEW = Duration.ofSeconds(60);
    /** An assets poll is two requests while fewer than 2000 assets exist: the page, then an empty one. */
    private static final int REQUESTS_PER_POLL = 2;

    UpCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        LOG.info("effective configuration: {}", config.describeForLog());
        CoinCapSource source = config.coinCapSource();
        DataDir data = DataDir.prepare(config.get(ConfigKeys.DATA_DIR));
        refuseIfRunning(data);
        try (Lifecycle lifecycle = new Lifecycle();
             Simulator simulator = source.simulator() ? startSimulator(config, "127.0.0.1", 0) : null) {
            URI apiBase = source.simulator()
                    ? URI.create(simulator.baseUrl() + "/" + source.shape().segment())
                    : source.baseUrl().orElseThrow();
            Optional<URI> ws = source.simulator() ? Optional.of(simulator.wsUrl()) : source.wsUrl();
            announce(context.out(), source, simulator, data);
            follow(config, source, apiBase, ws, data, lifecycle);
            // Inside the try: on Ctrl-C the JVM exits as soon as the lifecycle releases its shutdown hook.
            context.out().println("stopped cleanly");
        }
        return ExitCodes.OK;
    }

    /** One up per data directory: the embedded servers and the run file belong to it. */
    private static void refuseIfRunning(DataDir data) throws IOException {
        Optional<RunFile> other = RunFile.read(data.runFile());
        if (other.isPresent() && other.get().alive() && other.get().pid() != ProcessHandle.current().pid()) {
            throw new IOException("up already runs on " + data.root() + " (pid " + other.get().pid()
                    + "); stop it first or choose another --data-dir");
        }
    }

    /** Polls and follows prices until the duration ends or a stop is requested; up is "running" meanwhile. */
    private void follow(ResolvedConfig config, CoinCapSource source, URI apiBase, Optional<URI> ws, DataDir data,
            Lifecycle lifecycle) throws Exception {
        PrintStream out = context.out();
        ClientSettings settings = ClientSettings.from(config, apiBase, source.shape());
        Duration every = source.simulator() ? SIMULATOR_PREVIEW : externalInterval(settings);
        out.println("polling assets every " + every.toSeconds() + " s" + settings.creditsPerDay()
                .map(c -> " (credit budget " + c + " a day)").orElse(""));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("up-source"));
        CoinCapClient client = CoinCapClient.create(settings, context.clock());
        AtomicLong ticks = new AtomicLong();
        // Live prices of every asset; when the socket is refused, the assets polls supply them.
        PriceSocketSettings socket = PriceSocketSettings.from(settings, ws, List.of(),
                config.get(ConfigKeys.COINCAP_WS_WATCHDOG), Optional.empty());
        try (PriceSocket prices = new PriceSocket(socket, HttpClient.newHttpClient(), client, context.clock(),
                scheduler, t -> ticks.incrementAndGet(), r -> { })) {
            new RunFile(ProcessHandle.current().pid(), context.clock().instant(),
                    ResolvedConfig.maskUrl(apiBase.toString())).write(data.runFile());
            new PreviewPoller(client, prices, ticks, out).start(scheduler, every);
            Optional<Duration> duration = config.find(ConfigKeys.DURATION);
            out.println(duration.map(d -> "running for " + d.toString().substring(2).toLowerCase(Locale.ROOT))
                    .orElse("running; Ctrl-C stops"));
            boolean elapsed = lifecycle.awaitStop(duration);
            out.println(elapsed ? "duration elapsed; stopping" : "stop requested; stopping");
        } finally {
            scheduler.shutdownNow();
            removeOwnRunFile(data);
        }
    }

    /** Deletes the run file only if it is this process's, so a second up cannot erase the first one's. */
    private static void removeOwnRunFile(DataDir data) throws IOException {
        Optional<RunFile> run = RunFile.read(data.runFile());
        if (run.isPresent() && run.get().pid() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(data.runFile());
        }
    }

    /** At least a minute; with a credit budget, slow enough that a day of polls fits in it. */
    static Duration externalInterval(ClientSettings settings) {
        long seconds = settings.creditsPerDay().map(perDay -> (long) Math.ceil(86_400.0 * REQUESTS_PER_POLL
                * settings.creditsPerRequest() / Math.max(1, perDay))).orElse(0L);
        return Duration.ofSeconds(Math.max(EXTERNAL_PREVIEW.toSeconds(), seconds));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void announce(PrintStream out, CoinCapSource source, Simulator simulator,
            DataDir data) {
        if (simulator != null) {
            out.println("cryptopipe up: no COINCAP_API_KEY and no --coincap-url, so the source is the built-in "
                    + "CoinCap simulator");
            out.println("  simulator: " + simulator.describe());
            out.println("  serving:   " + simulator.baseUrl() + "/v2 and " + simulator.baseUrl() + "/v3, prices socket "
                    + simulator.wsUrl() + "/prices");
        } else {
            out.println("cryptopipe up: source " + source.describe());
            if (source.shape() == ApiShape.V2) {
                out.println("  note: CoinCap's public v2 API was shut down on 2025-03-31; a v2 URL must be a "
                        + "v2-compatible server");
            }
        }
        out.println("  data dir:  " + data.root());
        out.println("  not running yet: Kafka, Spark and PostgreSQL (the streaming path), the dashboard "
                + "(the dashboard issue); until then up polls all assets and follows live prices, and prints what it reads");
    }
}
