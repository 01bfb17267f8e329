package io.cryptopipe.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes an archived poll to Kafka: one record per item of every successful page, on {@code coincap.<entity>},
 * keyed by natural key, the value being an envelope around the item exactly as sent:
 * {@code {"schema":1,"poll_id":..,"entity":..,"source":..,"observed_at":..,"fetched_at":..,"item":<raw item>}}.
 * The poll is marked published in the archive only after every record is acknowledged, so a crash in between
 * republishes it on restart (the sinks are idempotent). Records are sent without a flush per record.
 */
public final class PollPublisher {
    public static final int SCHEMA = 1;
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    private final Producer<String, String> producer;
    private final RawArchive archive;

    public PollPublisher(Producer<String, String> producer, RawArchive archive) {
        this.producer = producer;
        this.archive = archive;
    }

    /** The topic of an entity, e.g. {@code coincap.assets}. */
    public static String topic(String entity) {
        return "coincap." + entity;
    }

    /**
     * Sends the poll's items and waits for their acknowledgements, then marks the poll published.
     *
     * @return the number of records published
     * @throws IOException when a send fails; the poll stays unpublished
     */
    public int publish(ArchivedPoll poll) throws IOException, InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (ArchivedPoll.Page page : poll.pages()) {
            if (page.status() / 100 != 2) {
                continue;
            }
            for (String item : RawItems.split(page.body()).orElse(List.of())) {
                Optional<String> key = NaturalKey.of(poll.entity(), item);
                sends.add(producer.send(new ProducerRecord<>(topic(poll.entity()), key.orElse(null),
                        envelope(poll, page, item))));
            }
        }
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IOException("publishing poll " + poll.pollId() + " failed: " + e.getCause(), e);
            }
        }
        archive.markPublished(poll.pollId());
        return sends.size();
    }

    static String envelope(ArchivedPoll poll, ArchivedPoll.Page page, String item) {
        return "{\"schema\":" + SCHEMA + ",\"poll_id\":" + quote(poll.pollId().toString()) + ",\"entity\":"
                + quote(poll.entity()) + ",\"source\":" + quote(poll.source()) + ",\"observed_at\":"
                + quote(poll.observedAt().toString()) + ",\"fetched_at\":" + quote(page.fetchedAt().toString())
                + ",\"item\":" + item + "}";
    }

    private static String quote(String text) {
        return "\"" + new String(ESCAPE.quoteAsString(text)) + "\"";
    }
}
