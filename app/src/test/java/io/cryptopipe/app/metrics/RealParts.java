package io.cryptopipe.app.metrics;

import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.ingest.IngestSettings;
import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.PricePublisher;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.PriceSocket;
import io.cryptopipe.source.PriceSocketSettings;
import io.cryptopipe.source.RetryPolicy;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.stream.PgTarget;
import io.cryptopipe.stream.RunningStream;
import io.cryptopipe.stream.SparkSessions;
import io.cryptopipe.stream.StreamJob;
import io.cryptopipe.stream.StreamSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.spark.sql.SparkSession;

/**
 * The running parts of {@code up}, for real, once per test JVM (the metrics ITs share them): embedded PostgreSQL
 * with the schema, the embedded broker, the simulator as CoinCap (with 429s and bad items), the CoinCap client with a
 * credit budget, ingest polling every second, live prices from the simulator's socket, and the Spark stream storing
 * it all; {@link PipelineMetrics} bound over them. Stopped when the JVM exits.
 */
final class RealParts {
    static final List<String> TOPICS = List.of("coincap.assets", "coincap.rates", "coincap.exchanges",
            "coincap.markets", "coincap.prices", "coincap.ledger");
    static final Duration POLL_EVERY = Duration.ofSeconds(1);
    static final long CREDITS_PER_DAY = 1_000_000;

    private static RealParts shared;

    final PgServer pg;
    final EmbeddedKafka kafka;
    final Simulator simulator;
    final CoinCapClient client;
    final Ingestor ingestor;
    final PriceSocket socket;
    final PricePublisher prices;
    final SparkSession spark;
    final RunningStream stream;
    final StreamSettings streamSettings;
    final PrometheusMeterRegistry registry;
    final PipelineMetrics metrics;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Path dir;

    static synchronized RealParts get() throws Exception {
        if (shared == null) {
            shared = new RealParts();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "real-parts-stop"));
        }
        return shared;
    }

    private RealParts() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "metrics-it-").toAbsolutePath();
        Clock clock = Clock.systemUTC();
        pg = PgServer.start(dir.resolve("pg"), dir.resolve("pg-runtime"));
        closeables.add(pg);
        Schema.migrate(pg.dataSource());
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        closeables.add(kafka);
        Map<String, Integer> topics = new LinkedHashMap<>();
        TOPICS.forEach(t -> topics.put(t, 1));
        kafka.ensureTopics(topics, Duration.ofSeconds(60));
        simulator = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 30, 4, 40, 7, 1)
                .withFaults(FaultPlan.parse("429=0.15,bad-items=0.05")), clock);
        closeables.add(simulator);

        URI base = URI.create(simulator.baseUrl() + "/v3");
        ClientSettings settings = new ClientSettings(base, ApiShape.V3, Optional.of("test-key"), false, 100_000,
                Optional.of(CREDITS_PER_DAY), 1, Duration.ofSeconds(5), Duration.ofSeconds(20),
                new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(10)), ClientSettings.MAX_PAGE);
        client = CoinCapClient.create(settings, clock);
        Producer<String, String> producer = new KafkaProducer<>(PollPublisher.producerConfig(kafka.bootstrapServers(),
                Map.of()));
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        Map<String, Duration> intervals = new LinkedHashMap<>();
        PollPublisher.ENTITIES.forEach(e -> intervals.put(e, POLL_EVERY));
        ingestor = new Ingestor(new IngestSettings(intervals, base.toString(), "v3"), client, archive,
                new PollPublisher(producer, archive), clock, CrashPoints.none());

        prices = new PricePublisher(producer, simulator.wsUrl().toString(), () -> "socket");
        ScheduledExecutorService socketThreads = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "test-prices");
            t.setDaemon(true);
            return t;
        });
        socket = new PriceSocket(PriceSocketSettings.from(settings, Optional.of(simulator.wsUrl()), List.of(),
                Duration.ofSeconds(30), Optional.of(POLL_EVERY)), HttpClient.newHttpClient(), client, clock,
                socketThreads, prices::tick, prices::rejected);

        spark = SparkSessions.create("local[2]", dir.resolve("spark"), Optional.empty());
        streamSettings = new StreamSettings(kafka.bootstrapServers(), Map.of(), PollPublisher.ENTITIES,
                Duration.ofMillis(500), 50_000, dir.resolve("checkpoints"), new PgTarget(pg.jdbcUrl(), null, null),
                CrashPoints.none());
        stream = StreamJob.start(spark, streamSettings);

        registry = PipelineMetrics.newRegistry();
        Map<String, Object> admin = Map.of("bootstrap.servers", kafka.bootstrapServers());
        metrics = PipelineMetrics.builder(clock)
                .client(client)
                .ingest(ingestor)
                .prices(PriceFeed.of(prices, socket))
                .stream(stream, streamSettings)
                .database(() -> pg.dataSource().getConnection(), pg.jdbcUrl())
                .kafka(admin, kafka.bootstrapServers())
                .batch(Duration.ofHours(1))
                .bind(registry);
        closeables.add(socketThreads::shutdownNow);
        closeables.add(producer);
        closeables.add(spark::stop);
        closeables.add(stream);
        closeables.add(socket);
        closeables.add(ingestor);
        closeables.add(metrics);
        ingestor.start();
        socket.start();
    }

    Scrape scrape() {
        return new Scrape(registry.scrape());
    }

    Connection connect() throws Exception {
        return pg.dataSource().getConnection();
    }

    /** Stores one rejected record with a parser reason, as the stream would. */
    void reject(String reason) throws Exception {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("INSERT INTO rejected_records "
                + "(topic, partition, kafka_offset, record_key, raw, reason, rejected_at) VALUES ('coincap.test', 0, "
                + "?, 'k', '{}', ?, now())")) {
            st.setLong(1, System.nanoTime());
            st.setString(2, reason);
            st.executeUpdate();
        }
    }

    /** Records a finished batch step run, as BatchHistory does. */
    void batchRun(String step, boolean ok, Duration took) throws Exception {
        Instant finished = Instant.now();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("INSERT INTO batch_runs (run_id, "
                + "partition_date, step, trigger, attempt, status, started_at, finished_at, rows, error) VALUES "
                + "(?, ?, ?, 'test', 1, ?, ?, ?, 0, ?)")) {
            st.setObject(1, UUID.randomUUID());
            st.setObject(2, LocalDate.now(ZoneOffset.UTC).minusDays(1));
            st.setString(3, step);
            st.setString(4, ok ? "succeeded" : "failed");
            st.setObject(5, java.sql.Timestamp.from(finished.minus(took)));
            st.setObject(6, java.sql.Timestamp.from(finished));
            st.setString(7, ok ? null : "a gate failed");
            st.executeUpdate();
        }
    }

    /** Waits for what the parts do on their own; the deadline only guards against a hang. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // best effort at JVM exit
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // left in target/
        }
    }
}
