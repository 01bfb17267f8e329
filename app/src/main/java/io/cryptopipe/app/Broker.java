package io.cryptopipe.app;

import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.broker.Topics;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka cluster the pipeline uses: the embedded KRaft broker of the data directory (its log kept in
 * {@code <data>/kafka}), an external cluster ({@code --kafka}), or the embedded broker another process of this data
 * directory already runs. Client settings from {@code --kafka-properties} (SASL/SSL) go to every client.
 */
final class Broker implements AutoCloseable {
    /** Topics every run creates: one per entity, live prices (the live-prices issue fills it), and the ledger. */
    static final List<String> ALL_TOPICS = List.of("coincap.assets", "coincap.rates", "coincap.exchanges",
            "coincap.markets", "coincap.prices", "coincap.ledger");

    private final String bootstrap;
    private final Map<String, String> clientSettings;
    private final EmbeddedKafka embedded;

    private Broker(String bootstrap, Map<String, String> clientSettings, EmbeddedKafka embedded) {
        this.bootstrap = bootstrap;
        this.clientSettings = Map.copyOf(clientSettings);
        this.embedded = embedded;
    }

    /**
     * @param attachTo the bootstrap of the embedded broker another process of this data directory runs, if any
     */
    static Broker open(ResolvedConfig config, DataDir data, Optional<String> attachTo) throws IOException {
        Map<String, String> settings = clientSettings(config.find(ConfigKeys.KAFKA_PROPERTIES));
        Optional<String> external = config.find(ConfigKeys.KAFKA).or(() -> attachTo);
        if (external.isPresent()) {
            return new Broker(external.get(), settings, null);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(data.root().resolve("kafka"));
        return new Broker(kafka.bootstrapServers(), settings, kafka);
    }

    /** Creates missing topics with {@code partitions} partitions and waits for their leaders. */
    void ensureTopics(int partitions) throws IOException {
        Map<String, Integer> topics = new LinkedHashMap<>();
        ALL_TOPICS.forEach(t -> topics.put(t, partitions));
        Topics.ensure(adminConfig(), topics, Duration.ofSeconds(60));
    }

    String bootstrap() {
        return bootstrap;
    }

    boolean embedded() {
        return embedded != null;
    }

    /** The pass-through client settings, without any prefix. */
    Map<String, String> clientSettings() {
        return clientSettings;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    private static Map<String, String> clientSettings(Optional<Path> file) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (file.isEmpty()) {
            return settings;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IOException("cannot read --kafka-properties " + file.get() + ": " + e.getMessage(), e);
        }
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
