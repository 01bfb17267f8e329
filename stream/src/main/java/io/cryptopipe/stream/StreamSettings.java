package io.cryptopipe.stream;

import io.cryptopipe.core.fault.CrashPoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the streaming query reads and where it writes.
 *
 * @param bootstrap        Kafka bootstrap servers
 * @param kafkaClient      client settings passed through to Spark's Kafka source (SASL/SSL), without the
 *                         {@code kafka.} prefix
 * @param entities         entity topics to read; the ledger topic is always read
 * @param trigger          micro-batch interval
 * @param maxOffsets       {@code maxOffsetsPerTrigger}: the most records one micro-batch takes, bounding memory
 * @param checkpointRoot   {@code <data>/checkpoints}; each entity set has its own directory under it
 * @param target           the PostgreSQL the sink writes to
 * @param crash            crash points armed for the fault tests
 * @param candleLateness   how far behind its asset's watermark a tick may be and still restate its candle
 */
public record StreamSettings(String bootstrap, Map<String, String> kafkaClient, List<String> entities,
        Duration trigger, int maxOffsets, Path checkpointRoot, PgTarget target, CrashPoints crash,
        Duration candleLateness) {
    /** The default lateness, as the {@code candle-lateness} key declares it. */
    public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(2);

    /** Settings with the default candle lateness. */
    public StreamSettings(String bootstrap, Map<String, String> kafkaClient, List<String> entities,
            Duration trigger, int maxOffsets, Path checkpointRoot, PgTarget target, CrashPoints crash) {
        this(bootstrap, kafkaClient, entities, trigger, maxOffsets, checkpointRoot, target, crash, DEFAULT_LATENESS);
    }

    public StreamSettings {
        Objects.requireNonNull(bootstrap, "bootstrap");
        kafkaClient = Map.copyOf(kafkaClient);
        entities = List.copyOf(entities);
        java.util.Objects.requireNonNull(candleLateness, "candleLateness");
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("no entity to stream");
        }
    }

    /** The topics read: one per entity, then live prices and the ledger, which always flow. */
    public List<String> topics() {
        return topics(entities);
    }

    /** The topics a query over {@code entities} reads. */
    public static List<String> topics(List<String> entities) {
        List<String> topics = new java.util.ArrayList<>(entities.stream().map(e -> "coincap." + e).toList());
        topics.add(TickDecoder.TOPIC);
        topics.add(RecordDecoder.LEDGER_TOPIC);
        return topics;
    }

    /**
     * The query's name, which also names its checkpoint and its stored positions: a different entity set is a
     * different query, so {@code stream --entities assets} never resumes from the checkpoint of all four.
     */
    public String queryName() {
        return "coincap-" + String.join("-", entities);
    }

    /** The entities of a query named by {@link #queryName()}. */
    public static List<String> entitiesOf(String queryName) {
        return List.of(queryName.replaceFirst("^coincap-", "").split("-"));
    }

    public Path checkpoint() {
        return checkpointRoot.resolve(queryName());
    }
}
