package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.ingest.IngestSettings;
import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.ingest.upkeep.Upkeep;
import io.cryptopipe.ingest.upkeep.UpkeepSettings;
import io.cryptopipe.serve.Dashboard;
import io.cryptopipe.serve.LiveStatus;
import io.cryptopipe.serve.ServeSettings;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.stream.RunningStream;
import io.cryptopipe.stream.SparkSessions;
import io.cryptopipe.stream.StreamJob;
import io.cryptopipe.stream.StreamSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the halves of the streaming path a command asks for, on engines already opened: ingest (source -> raw
 * archive -> Kafka) and the stream (Kafka -> Spark -> PostgreSQL). Stopping is ordered so nothing published is left
 * behind: ingest stops first, then the stream drains until everything published is stored (bounded by
 * {@code --drain-timeout}).
 */
final class Pipeline {
    /** How long a poll in flight may take to finish archiving and publishing when ingest stops. */
    private static final Duration INGEST_GRACE = Duration.ofSeconds(15);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    private final ResolvedConfig config;
    private final Cli.Context context;
    private final DataDir data;
    private final CrashPoints crash;

    Pipeline(ResolvedConfig config, Cli.Context context, DataDir data, CrashPoints crash) {
        this.config = config;
        this.context = context;
        this.data = data;
        this.crash = crash;
    }

    /**
     * The running source half, the producer it publishes with and its client (whose credit budget live prices
     * share), closed together (ingest first).
     */
    record Ingest(Ingestor ingestor, Producer<String, String> producer, CoinCapClient client,
            IngestSettings settings) implements AutoCloseable {
        @Override
        public void close() {
            try {
                ingestor.close();
            } finally {
                producer.close();
            }
        }
    }

    /** The source half, started: republishes what a crash left unpublished, then polls. */
    Ingest startIngest(Broker broker, ClientSettings settings) throws Exception {
        CoinCapClient client = CoinCapClient.create(settings, context.clock());
        RawArchive archive = new RawArchive(data.root().resolve("raw"));
        Producer<String, String> producer = new KafkaProducer<>(
                PollPublisher.producerConfig(broker.bootstrap(), broker.clientSettings()));
        IngestSettings ingest = IngestSettings.from(config, settings);
        Ingestor ingestor = new Ingestor(ingest, client, archive, new PollPublisher(producer, archive),
                context.clock(), crash);
        int republished = ingestor.republishUnpublished();
        if (republished > 0) {
            context.out().println("republished " + republished + " archived poll" + (republished == 1 ? "" : "s")
                    + " that a previous run had not published");
        }
        context.out().println("ingest: polls " + ingest.intervals().entrySet().stream()
                .map(e -> e.getKey() + " every " + shown(e.getValue())).collect(Collectors.joining(", "))
                + settings.creditsPerDay().map(c -> " (credit budget " + c + " a day)").orElse("")
                + "; archive " + data.root().resolve("raw"));
        ingestor.start();
        return new Ingest(ingestor, producer, client, ingest);
    }

    /**
     * Live prices from the socket (or REST at the assets interval when it is refused), published beside ingest's
     * polls.
     */
    LivePrices startPrices(Ingest ingest, Broker broker, Optional<URI> ws) {
        Duration fallback = ingest.settings().intervals().getOrDefault("assets", Duration.ofSeconds(60));
        LivePrices prices = new LivePrices(config, ingest.client(), ws, broker, context.clock(), fallback);
        prices.start();
        context.out().println("prices: " + ws.map(u -> "socket " + ResolvedConfig.maskUrl(u.toString()) + "/prices")
                .orElse("no socket URL") + "; REST every " + shown(fallback) + " when the socket is refused");
        return prices;
    }

    /** Gap repair and retention beside ingest, for {@code up} (README: completeness, gap repair and retention). */
    Upkeep startUpkeep(Ingest ingest, Broker broker, Database database) {
        Upkeep upkeep = Upkeep.forIngest(UpkeepSettings.from(config), ingest.ingestor(), database::connect,
                broker.adminConfig(), Broker.ALL_TOPICS, context.clock());
        upkeep.start();
        context.out().println(upkeep.describe());
        return upkeep;
    }

    /**
     * The batch scheduler of {@code up}: every {@code --batch-every} it queues closed and dirty days and runs their
     * DAG on this process's SparkSession. Off ({@code --batch-every off}): nothing to close.
     */
    AutoCloseable startBatch(SparkSession spark, Database database) {
        Duration every = config.get(ConfigKeys.BATCH_EVERY);
        if (every.isZero()) {
            context.out().println("batch: scheduler off (--batch-every off); run days with 'cryptopipe batch run'");
            return () -> { };
        }
        io.cryptopipe.batch.SourceDb db = new io.cryptopipe.batch.SourceDb(database.target().jdbcUrl(),
                database.target().user(), database.target().password());
        io.cryptopipe.batch.BatchJob job = new io.cryptopipe.batch.BatchJob(db, () -> spark,
                io.cryptopipe.warehouse.Project.fromClasspath("warehouse"),
                new io.cryptopipe.batch.BatchPaths(data.root()), config.get(ConfigKeys.BATCH_PRICE_TOLERANCE),
                context.clock(), line -> org.slf4j.LoggerFactory.getLogger("io.cryptopipe.batch").info("{}", line));
        io.cryptopipe.batch.BatchScheduler scheduler = new io.cryptopipe.batch.BatchScheduler(database.dataSource(),
                db, job, context.clock(), every, config.get(ConfigKeys.BATCH_LOOKBACK),
                config.get(ConfigKeys.BATCH_RETRIES), context.out()::println);
        scheduler.start();
        context.out().println("batch: scheduler every " + shown(every) + " (closed and dirty days of the last "
                + shown(config.get(ConfigKeys.BATCH_LOOKBACK)) + "), " + config.get(ConfigKeys.BATCH_RETRIES)
                + " retries with backoff; reports in " + data.root().resolve("reports"));
        return scheduler;
    }

    /**
     * The read-only dashboard on {@code --http-bind}:{@code --http-port} with {@code /metrics} and {@code /health};
     * prints its URL and opens it for a person at the machine ({@code --open-browser}).
     */
    Dashboard startDashboard(Database database, LiveStatus status, PrometheusMeterRegistry registry) {
        ServeSettings settings = new ServeSettings(config.get(ConfigKeys.HTTP_BIND), config.get(ConfigKeys.HTTP_PORT),
                config.find(ConfigKeys.DASHBOARD_PASSWORD), data.root().resolve("reports"));
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(settings, database.dataSource(), status, registry, context.clock());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve the dashboard on " + settings.bind() + ":" + settings.port()
                    + " (" + e.getMessage() + "); choose another --http-port (0 = any free port) or --http-bind", e);
        }
        Optional<String> notOpened = new BrowserOpener(config.get(ConfigKeys.OPEN_BROWSER), context.env())
                .open(dashboard.url());
        context.out().println("dashboard: " + dashboard.url() + " (read-only; JSON under /api, /metrics, /health"
                + (settings.password().isPresent() ? "; HTTP Basic, user " + ServeSettings.USER : "") + ")"
                + notOpened.map(why -> "; browser not opened: " + why).orElse("; opened in the browser"));
        return dashboard;
    }

    /** The stream half, started on its own SparkSession. */
    RunningStream startStream(SparkSession spark, Broker broker, Database database) throws Exception {
        StreamSettings settings = streamSettings(broker, database);
        RunningStream stream = StreamJob.start(spark, settings);
        context.out().println("stream: " + settings.queryName() + " every "
                + shown(config.get(ConfigKeys.STREAM_TRIGGER)) + ", at most " + settings.maxOffsets()
                + " records a batch, checkpoint " + settings.checkpoint());
        return stream;
    }

    StreamSettings streamSettings(Broker broker, Database database) {
        return new StreamSettings(broker.bootstrap(), broker.clientSettings(), config.get(ConfigKeys.ENTITIES),
                config.get(ConfigKeys.STREAM_TRIGGER), config.get(ConfigKeys.STREAM_MAX_OFFSETS),
                data.root().resolve("checkpoints"), database.target(), crash,
                config.get(ConfigKeys.CANDLE_LATENESS));
    }

    /**
     * The process's SparkSession. Under {@code spark-submit} (which sets {@code spark.master} before calling main) the
     * master, jars and deploy settings are spark-submit's, as on any cluster; otherwise {@code --spark-master}.
     */
    static SparkSession spark(ResolvedConfig config, DataDir data) {
        Optional<String> submitted = Optional.ofNullable(System.getProperty(SparkSessions.SUBMITTED_MASTER));
        if (submitted.isPresent()) {
            return SparkSessions.submitted(data.root().resolve("spark"));
        }
        return SparkSessions.create(config.get(ConfigKeys.SPARK_MASTER), data.root().resolve("spark"), runningJar());
    }

    /**
     * Waits for the duration or a stop request, printing progress; a stream that dies ends the wait at once.
     *
     * @return the stream's failure, if it failed
     */
    Optional<String> follow(Lifecycle lifecycle, Progress progress, Optional<RunningStream> stream)
            throws InterruptedException {
        PrintStream out = context.out();
        Optional<Duration> duration = config.find(ConfigKeys.DURATION);
        out.println(duration.map(d -> "running for " + shown(d)).orElse("running; Ctrl-C stops"));
        long deadline = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                out.println("duration elapsed; stopping");
                return Optional.empty();
            }
            Duration slice = Duration.ofNanos(Math.min(left, WATCH_EVERY.toNanos()));
            if (!lifecycle.awaitStop(Optional.of(slice))) {
                out.println("stop requested; stopping");
                return Optional.empty();
            }
            Optional<String> failure = stream.flatMap(RunningStream::failure);
            if (failure.isPresent()) {
                out.println("the stream failed: " + failure.get());
                return failure;
            }
            if (System.nanoTime() >= nextProgress) {
                out.println(progress.line());
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
        }
    }

    /** Stops ingest first so that the end is known, then lets the stream store everything published. */
    boolean stop(Optional<Ingestor> ingestor, Optional<RunningStream> stream, Progress progress)
            throws Exception {
        if (ingestor.isPresent()) {
            ingestor.get().stop(INGEST_GRACE);
        }
        boolean drained = true;
        if (stream.isPresent() && stream.get().isActive()) {
            Duration timeout = config.get(ConfigKeys.DRAIN_TIMEOUT);
            context.out().println("draining the stream (at most " + shown(timeout) + ")");
            drained = stream.get().drain(timeout);
            context.out().println(drained ? "drained: everything published is stored"
                    : "drain did not finish within " + shown(timeout) + stream.get().failure()
                            .map(f -> " (the stream failed: " + f + ")").orElse("")
                            + "; the rest is stored on the next start");
        }
        context.out().println(progress.line());
        return drained;
    }

    static String shown(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** The jar this process runs from, which cluster executors need; empty when run from classes. */
    private static Optional<Path> runningJar() {
        try {
            Path path = Path.of(Pipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The roles that may not run beside {@code role} on one data directory. */
    static List<String> conflicting(String role) {
        return switch (role) {
            case "up" -> DataDir.ROLES;
            case "ingest" -> List.of("up", "ingest");
            default -> List.of("up", "stream");
        };
    }

    /** Refuses to start when a conflicting command runs on this data directory. */
    static void refuseIfRunning(DataDir data, String role) throws IOException {
        for (RunFile other : data.running()) {
            if (other.pid() != ProcessHandle.current().pid() && conflicting(role).contains(other.role())) {
                throw new IOException(other.role() + " already runs on " + data.root() + " (pid " + other.pid()
                        + "); stop it first or choose another --data-dir");
            }
        }
    }
}
