package io.cryptopipe.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka in KRaft mode (broker and controller in one) inside this JVM, with its log under
 * {@code <data>/kafka}, formatted once and kept across restarts, bound to 127.0.0.1. Recipe and pitfalls:
 * {@code ../shared/reference/stack-notes.md} section 1.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Formats {@code logDir} on first use and starts the broker on free loopback ports.
     *
     * @throws IOException when the directory cannot be prepared or the broker fails to start
     */
    public static EmbeddedKafka start(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        guardAgainstHalts();
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties props = properties(logDir, brokerPort, controllerPort);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        try {
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            LOG.info("embedded Kafka (KRaft) on {} with its log in {}", bootstrap, logDir);
            return new EmbeddedKafka(server, bootstrap);
        } catch (RuntimeException e) {
            throw new IOException("the embedded Kafka broker did not start: " + e.getMessage()
                    + "; point cryptopipe at a cluster with --kafka instead", e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /**
     * Creates the topics that do not exist yet, then waits until every partition has a leader: producing right
     * after creation otherwise meets NOT_LEADER_OR_FOLLOWER and sequence errors (stack-notes pitfall 5).
     */
    public void ensureTopics(Map<String, Integer> partitionsByTopic, Duration timeout) throws IOException {
        Topics.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), partitionsByTopic, timeout);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties properties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr")) {
            p.put(key, "1");
        }
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private static void format(Path logDir) throws IOException {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter().setNodeId(NODE_ID).setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toAbsolutePath().toString())
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setControllerListenerName("CONTROLLER").setPrintStream(quiet).run();
        } catch (Exception e) {
            throw new IOException("cannot format the Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Kafka calls {@code Exit.halt} on a fatal broker fault, which would kill the whole JVM (Spark and all)
     * without a word; make such calls throw instead so the fault surfaces as an exception with its message.
     */
    private static void guardAgainstHalts() {
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to halt the JVM (" + code + "): " + message);
        });
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka asked to exit the JVM (" + code + "): " + message);
        });
    }

    /** A free port; static KRaft voters need the controller port before start-up, so there is a small race. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
