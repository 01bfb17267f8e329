package io.cryptopipe.broker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the product's topics on any cluster (embedded or external) and waits until they can be produced to. */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /**
     * Creates the topics that do not exist yet (existing ones keep their partitions), then waits until every
     * partition has a leader: producing right after creation otherwise meets NOT_LEADER_OR_FOLLOWER and sequence
     * errors (stack-notes pitfall 5). Replication is the cluster's default.
     *
     * @param adminConfig bootstrap servers plus any client settings (SASL/SSL)
     */
    public static void ensure(Map<String, Object> adminConfig, Map<String, Integer> partitionsByTopic,
            Duration timeout) throws IOException {
        try (Admin admin = Admin.create(adminConfig)) {
            List<NewTopic> topics = new ArrayList<>();
            partitionsByTopic.forEach((name, partitions) ->
                    topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty())));
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

    private static void awaitLeaders(Admin admin, Set<String> topics, Duration timeout)
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
}
