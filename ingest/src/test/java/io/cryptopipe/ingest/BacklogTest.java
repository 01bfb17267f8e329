package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the broker is away polls stay archived and held back; when it returns they are published in order. */
class BacklogTest {
    static final Instant T0 = Instant.parse("2026-11-27T13:00:05Z");

    @TempDir
    Path dir;

    private RawArchive archive;
    private Broker broker;
    private IngestCounters counters;
    private Backlog backlog;

    @BeforeEach
    void setUp() throws Exception {
        archive = new RawArchive(dir.resolve("raw"));
        broker = new Broker();
        counters = new IngestCounters(List.of("assets"));
        backlog = new Backlog(archive, new PollPublisher(broker, archive), counters);
    }

    @Test
    void pollsTheBrokerRefusesAreHeldThenPublishedInArchiveOrderOnceItIsBack() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        counters.addListener(new IngestListener() {
            @Override
            public void published(ArchivedPoll poll, int items, boolean late) {
                told.add("published " + poll.pollId() + " " + items + (late ? " late" : ""));
            }

            @Override
            public void publishFailed(ArchivedPoll poll, java.io.IOException error) {
                told.add("failed " + poll.pollId());
            }
        });
        counters.addListener(new IngestListener() {
            @Override
            public void published(ArchivedPoll poll, int items, boolean late) {
                throw new IllegalStateException("a broken listener changes nothing");
            }
        });
        ArchivedPoll first = archived(T0, "bitcoin");
        ArchivedPoll second = archived(T0.plusSeconds(10), "ethereum");
        broker.down = true;

        backlog.publish(first);
        int attempts = broker.attempts;
        backlog.publish(second);
        backlog.retry();
        assertThat(broker.attempts).as("the retry sent the first poll again; the second joined the queue unsent")
                .isEqualTo(2 * attempts);
        assertThat(backlog.size()).isEqualTo(2);
        assertThat(archive.unpublished().polls()).containsExactly(first, second);

        broker.down = false;
        ArchivedPoll third = archived(T0.plusSeconds(20), "tether");
        backlog.publish(third); // joins the queue: it must not overtake the polls held before it
        backlog.retry();

        assertThat(backlog.size()).isZero();
        assertThat(archive.unpublished().polls()).isEmpty();
        assertThat(broker.history()).extracting(ProducerRecord::key).containsExactly("bitcoin",
                first.pollId().toString(), "ethereum", second.pollId().toString(), "tether",
                third.pollId().toString());
        assertThat(counters.snapshot(0).republished()).isEqualTo(3);
        assertThat(counters.snapshot(0).entities().get("assets").itemsPublished()).isEqualTo(3);

        ArchivedPoll fourth = archived(T0.plusSeconds(30), "solana");
        backlog.publish(fourth);
        assertThat(archive.unpublished().polls()).isEmpty();
        assertThat(counters.snapshot(0).republished()).as("published in its own turn").isEqualTo(3);
        assertThat(told).as("listeners hear every failed attempt and every publish").containsExactly(
                "failed " + first.pollId(), "failed " + first.pollId(), "published " + first.pollId() + " 1 late",
                "published " + second.pollId() + " 1 late", "published " + third.pollId() + " 1 late",
                "published " + fourth.pollId() + " 1");
    }

    @Test
    void leftoversTheBrokerRefusesAtStartAreHeldForThePollers() throws Exception {
        ArchivedPoll first = archived(T0, "bitcoin");
        ArchivedPoll second = archived(T0.plusSeconds(10), "ethereum");
        broker.down = true;
        assertThat(backlog.republish(List.of(first, second))).isZero();
        assertThat(backlog.size()).isEqualTo(2);
        broker.down = false;
        backlog.retry();
        assertThat(backlog.size()).isZero();
        assertThat(archive.unpublished().polls()).isEmpty();
    }

    private ArchivedPoll archived(Instant observedAt, String id) throws Exception {
        ArchivedPoll poll = new ArchivedPoll(UUID.randomUUID(), "assets", "http://h/v3", "v3", observedAt,
                ArchivedPoll.Outcome.OK, null, 1, 0, "{\"unknown\":{},\"missing\":{}}", List.of(new ArchivedPoll.Page(
                        0, 200, observedAt, "{\"data\":[{\"id\":\"" + id + "\"}],\"timestamp\":1}")));
        archive.append(poll);
        return poll;
    }

    /** A producer whose sends time out while {@code down}, as a real one does when no broker answers. */
    static final class Broker extends MockProducer<String, String> {
        volatile boolean down;
        int attempts;

        Broker() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            attempts++;
            if (down) {
                return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): no broker"));
            }
            return super.send(record, callback);
        }
    }
}
