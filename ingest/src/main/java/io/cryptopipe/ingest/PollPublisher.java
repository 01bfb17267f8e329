package io.cryptopipe.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes an archived poll to Kafka. An OK poll becomes one record per item of every successful page, on
 * {@code coincap.<entity>}, keyed by natural key, the value being an envelope around the item exactly as sent:
 * {@code {"schema":1,"poll_id":..,"entity":..,"source":..,"api":..,"observed_at":..,"fetched_at":..,"item":<raw>}}.
 * Every poll, whatever its outcome, then becomes one record on {@link #LEDGER_TOPIC} keyed by poll id, so the
 * ledger accounts for failed and refused polls as well as for the items of good ones.
 * The poll is marked published in the archive only after every record is acknowledged, so a crash in between
 * republishes it on restart (the sinks are idempotent). Records are sent without a flush per record. Thread-safe
 * when the producer is (Kafka's is).
 */
public final class PollPublisher {
    public static final int SCHEMA = 1;
    /** One record per poll: what was asked, what came back, how it ended. */
    public static final String LEDGER_TOPIC = "coincap.ledger";
    /** The entities ingest knows, in their canonical order; each has the topic {@link #topic(String)}. */
    public static final List<String> ENTITIES = List.of("assets", "rates", "exchanges", "markets");

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
     * Producer settings for publishing polls: idempotent with {@code acks=all}, so a retried send neither loses
     * nor doubles a record; small lingering and large lz4 batches, since a poll is thousands of records at once.
     *
     * @param passthrough client settings applied last (security.protocol, sasl.*, ssl.*), so they may override
     */
    public static Map<String, Object> producerConfig(String bootstrap, Map<String, String> passthrough) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.putAll(passthrough);
        return config;
    }

    /**
     * Sends the poll's item records and its ledger record, waits for every acknowledgement, then marks the poll
     * published.
     *
     * @return the item records published (the ledger record not counted)
     * @throws IOException when a send fails or the mark cannot be written; the poll stays unpublished
     */
    public int publish(ArchivedPoll poll) throws IOException, InterruptedException {
        List<ProducerRecord<String, String>> records = records(poll);
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, String> record : records) {
                sends.add(producer.send(record));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("publishing poll " + poll.pollId() + " failed: " + e.getCause(), e);
        } catch (InterruptException e) {
            throw (InterruptedException) new InterruptedException("interrupted publishing poll " + poll.pollId())
                    .initCause(e);
        } catch (KafkaException e) {
            throw new IOException("publishing poll " + poll.pollId() + " failed: " + e, e);
        }
        archive.markPublished(poll.pollId());
        return records.size() - 1;
    }

    /** The poll's records: its items (OK polls only) in page order, then its ledger record. */
    static List<ProducerRecord<String, String>> records(ArchivedPoll poll) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int repeats = 0;
        if (poll.outcome() == ArchivedPoll.Outcome.OK) {
            for (ArchivedPoll.Page page : poll.pages()) {
                if (page.status() / 100 != 2) {
                    continue;
                }
                for (String item : RawItems.split(page.body()).orElse(List.of())) {
                    Optional<String> key = NaturalKey.of(poll.entity(), item);
                    if (key.isPresent() && !keys.add(key.get())) {
                        repeats++;
                    }
                    records.add(new ProducerRecord<>(topic(poll.entity()), key.orElse(null),
                            envelope(poll, page, item)));
                }
            }
        }
        records.add(new ProducerRecord<>(LEDGER_TOPIC, poll.pollId().toString(),
                ledger(poll, records.size(), repeats)));
        return records;
    }

    static String envelope(ArchivedPoll poll, ArchivedPoll.Page page, String item) {
        return "{\"schema\":" + SCHEMA + ",\"poll_id\":" + Json.quote(poll.pollId().toString()) + ",\"entity\":"
                + Json.quote(poll.entity()) + ",\"source\":" + Json.quote(poll.source()) + ",\"api\":"
                + Json.quote(poll.api()) + ",\"observed_at\":" + Json.quote(poll.observedAt()) + ",\"fetched_at\":"
                + Json.quote(page.fetchedAt()) + ",\"item\":" + item + "}";
    }

    /**
     * The ledger record: counts over the raw items of successful pages ({@code repeats}: items whose natural key
     * appeared earlier in the poll), the failure's reason and, for a FAILED poll, the body that ended it, and the
     * poller's interval ({@code interval_ms}, null when unknown) from which the expected poll slots follow.
     */
    static String ledger(ArchivedPoll poll, int itemsReturned, int repeats) {
        List<ArchivedPoll.Page> pages = poll.pages();
        ArchivedPoll.Page last = pages.isEmpty() ? null : pages.get(pages.size() - 1);
        String archivedBody = poll.outcome() == ArchivedPoll.Outcome.FAILED && last != null ? last.body() : null;
        return "{\"schema\":" + SCHEMA + ",\"poll_id\":" + Json.quote(poll.pollId().toString()) + ",\"entity\":"
                + Json.quote(poll.entity()) + ",\"source\":" + Json.quote(poll.source()) + ",\"api\":"
                + Json.quote(poll.api()) + ",\"observed_at\":" + Json.quote(poll.observedAt()) + ",\"fetched_at\":"
                + Json.quote(last == null ? null : last.fetchedAt()) + ",\"items_returned\":" + itemsReturned
                + ",\"repeats\":" + repeats + ",\"rejected\":" + poll.rejected() + ",\"requests\":" + poll.requests()
                + ",\"outcome\":" + Json.quote(poll.outcome().wire()) + ",\"reason\":" + Json.quote(poll.reason())
                + ",\"archived_body\":" + Json.quote(archivedBody) + ",\"drift\":"
                + (poll.driftJson() == null ? "null" : poll.driftJson()) + ",\"interval_ms\":" + poll.intervalMs()
                + "}";
    }
}
