package io.cryptopipe.ingest.upkeep;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka retention of the product's topics: sets {@code retention.ms} on each topic that does not carry it yet, through
 * {@link Admin#incrementalAlterConfigs}, so it applies to topics just created and to topics that existed before
 * alike, on the embedded broker and on a cluster (where the principal needs ALTER_CONFIGS on the topics).
 */
public final class TopicRetention {
    private static final long TIMEOUT_SECONDS = 30;

    private TopicRetention() {
    }

    /**
     * @param adminConfig bootstrap servers plus any client settings (SASL/SSL)
     * @param topics      topics to set; those that do not exist are skipped
     * @return the topics whose setting was changed
     * @throws IOException when the cluster cannot be asked or refuses the change
     */
    public static List<String> apply(Map<String, Object> adminConfig, Collection<String> topics, Duration retention)
            throws IOException {
        String wanted = Long.toString(retention.toMillis());
        Map<String, Object> config = new HashMap<>(adminConfig);
        try (Admin admin = Admin.create(config)) {
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config current;
                try {
                    current = admin.describeConfigs(List.of(resource)).all()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        continue;
                    }
                    throw e;
                }
                ConfigEntry entry = current == null ? null : current.get(TopicConfig.RETENTION_MS_CONFIG);
                // Set on the topic itself even when the cluster default happens to agree, so it stays put.
                if (entry == null || !wanted.equals(entry.value())
                        || entry.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    changes.put(resource, List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, wanted), AlterConfigOp.OpType.SET)));
                }
            }
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            List<String> altered = new ArrayList<>();
            changes.keySet().forEach(r -> altered.add(r.name()));
            altered.sort(null);
            return altered;
        } catch (ExecutionException e) {
            throw new IOException("cannot set retention.ms=" + wanted + " on " + topics + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IOException("the cluster did not answer within " + TIMEOUT_SECONDS + " s while setting "
                    + "retention.ms on " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting retention.ms", e);
        }
    }
}
