package io.cryptopipe.app.bench;

import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes generated polls exactly as ingest does: the real {@link PollPublisher} (same envelope, key, ledger
 * record, and the producer settings of {@link PollPublisher#producerConfig}) and, for the timed freshness polls,
 * the real {@link RawArchive} first (gzip member forced to disk), as {@code Poller} does before publishing.
 *
 * <p>It also says where a poll ended in {@code coincap.assets}: after {@link PollPublisher#publish} returns every
 * record is acknowledged, and since this sender is the only producer, the topic's end offsets then are exactly the
 * positions just after the poll. Those are what the stream must have stored (in {@code stream_progress}, in the same
 * transaction as the rows) for the poll to be visible. Asking the broker costs one round trip per poll, taken after
 * the acknowledgement, so it delays nothing that is timed.
 */
final class PollSender implements AutoCloseable {
    private final Producer<String, String> producer;
    private final RawArchive archive;
    private final PollPublisher publisher;
    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> assetPartitions = new HashMap<>();

    /**
     * @param rawDir     the raw archive of the benchmark (its own directory)
     * @param partitions the partitions of {@code coincap.assets}
     */
    PollSender(String bootstrap, Path rawDir, int partitions) throws IOException {
        this.archive = new RawArchive(rawDir);
        this.producer = new KafkaProducer<>(PollPublisher.producerConfig(bootstrap, Map.of()));
        this.publisher = new PollPublisher(producer, archive);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        for (int p = 0; p < partitions; p++) {
            assetPartitions.put(new TopicPartition(PollPublisher.topic("assets"), p), OffsetSpec.latest());
        }
    }

    /** Publishes without archiving (the backlog, published before anything is timed). */
    int publish(ArchivedPoll poll) throws IOException, InterruptedException {
        return publisher.publish(poll);
    }

    /**
     * Archives then publishes, as a poller does, and reads where the poll ended.
     *
     * @return when it was archived and acknowledged ({@link System#nanoTime()}) and the end offsets
     */
    Sent archiveAndPublish(ArchivedPoll poll) throws IOException, InterruptedException {
        archive.append(poll);
        long archived = System.nanoTime();
        publisher.publish(poll);
        long acked = System.nanoTime();
        return new Sent(archived, acked, endOffsets());
    }

    /** The end offset of each {@code coincap.assets} partition, indexed by partition. */
    long[] endOffsets() throws IOException, InterruptedException {
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(assetPartitions)
                    .all().get(30, TimeUnit.SECONDS);
            long[] offsets = new long[assetPartitions.size()];
            ends.forEach((tp, info) -> offsets[tp.partition()] = info.offset());
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the end offsets of coincap.assets: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            admin.close();
        }
    }

    /**
     * One published poll.
     *
     * @param archivedNanos when the archive had it on disk
     * @param ackedNanos    when the broker had acknowledged every record
     * @param endOffsets    {@code coincap.assets} end offsets right after it, by partition
     */
    record Sent(long archivedNanos, long ackedNanos, long[] endOffsets) {
    }
}
