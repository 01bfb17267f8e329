package io.cryptopipe.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("cannot create topic " + result.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
            awaitLeaders(admin, partitionsByTopic.keySet(), timeout);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("topics not created within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static void awaitLeaders(Admin admin, java.util.Set<String> topics, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = described.values().stream().flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader).allMatch(l -> l != null && l.id() >= 0);
                if (ready) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("topics not described yet: {}", e.toString());
            }
            Thread.sleep(50);
        }
        throw new IOException("partitions of " + topics + " had no leader within " + timeout);
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
