package io.cryptopipe.app.bench;

import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.broker.Topics;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.stream.PgTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The engines of one benchmark run, all fresh, under their own directory ({@code <data>/bench/<time>}): the durable
 * embedded PostgreSQL ({@link PgServer}: {@code fsync} and {@code synchronous_commit} on) brought to the real schema
 * by {@link Schema#migrate} (the sink's tables, keys and indexes), and the embedded Kafka with the product's topics
 * created by {@link Topics#ensure}. Closing stops both and deletes the directory unless it is to be kept. A JVM
 * shutdown (Ctrl-C) closes them too: the embedded PostgreSQL registers no hook of its own and would otherwise
 * outlive the process in a directory no later start looks at.
 */
final class BenchEngines implements AutoCloseable {
    /** The topics {@code up} creates: one per entity, live prices, the ledger. */
    private static final String[] TOPICS = {"coincap.assets", "coincap.rates", "coincap.exchanges",
        "coincap.markets", "coincap.prices", PollPublisher.LEDGER_TOPIC};

    private final Path dir;
    private final boolean keep;
    private final PgServer pg;
    private final EmbeddedKafka kafka;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::closeOnShutdown, "bench-engines-shutdown");

    private BenchEngines(Path dir, boolean keep, PgServer pg, EmbeddedKafka kafka) {
        this.dir = dir;
        this.keep = keep;
        this.pg = pg;
        this.kafka = kafka;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts both engines.
     *
     * @param dir        a directory that does not exist yet
     * @param pgRuntime  where PostgreSQL's binaries are unpacked (shared with the data directory's server)
     * @param partitions partitions of each topic, as {@code --kafka-partitions}
     */
    static BenchEngines start(Path dir, Path pgRuntime, int partitions, boolean keep) throws IOException {
        if (Files.exists(dir)) {
            throw new IOException("the benchmark directory " + dir + " exists already");
        }
        Files.createDirectories(dir);
        PgServer pg = null;
        EmbeddedKafka kafka = null;
        try {
            pg = PgServer.start(dir.resolve("pg"), pgRuntime);
            Schema.migrate(pg.dataSource());
            kafka = EmbeddedKafka.start(dir.resolve("kafka"));
            Map<String, Integer> topics = new LinkedHashMap<>();
            for (String topic : TOPICS) {
                topics.put(topic, partitions);
            }
            Topics.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), topics,
                    Duration.ofSeconds(60));
            return new BenchEngines(dir, keep, pg, kafka);
        } catch (IOException | RuntimeException e) {
            closeQuietly(kafka, pg, e);
            if (!keep) {
                delete(dir, e);
            }
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    PgTarget target() {
        return new PgTarget(pg.jdbcUrl(), null, null);
    }

    /**
     * Empties every table the stream writes and forces a checkpoint, so that each phase starts from the same empty
     * tables with no dirty pages inherited from the one before.
     */
    void reset() throws SQLException {
        try (Connection connection = target().connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE asset_snapshots, assets, rejected_records, ingest_ledger, stream_progress");
            statement.execute("CHECKPOINT");
        }
    }

    /** {@code SELECT count(*)} of a table the bench names (never user input). */
    long count(String table) throws SQLException {
        try (Connection connection = target().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran, and found this closed
        }
        stopAndDelete();
    }

    private void closeOnShutdown() {
        if (closed.compareAndSet(false, true)) {
            try {
                stopAndDelete();
            } catch (IOException e) {
                System.err.println("cryptopipe bench stream: " + e.getMessage());
            }
        }
    }

    private void stopAndDelete() throws IOException {
        IOException failure = new IOException("closing the benchmark engines failed");
        closeQuietly(kafka, pg, failure);
        if (!keep) {
            delete(dir, failure);
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeQuietly(EmbeddedKafka kafka, PgServer pg, Exception failure) {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void delete(Path dir, Exception failure) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(new IOException("cannot delete " + dir + ": " + e, e));
        }
    }
}
