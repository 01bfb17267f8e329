package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archived poll reaches the embedded broker item by item, exactly as sent, and only then counts as published. */
class PollPublisherIT {
    static final Instant OBSERVED = Instant.parse("2026-11-27T13:00:05Z");

    @TempDir
    Path data;

    @Test
    void everyItemOfEverySuccessfulPageIsOneRecordKeyedByNaturalKeyWithTheItemAsSent() throws Exception {
        String page1 = "{\"data\":[{\"id\":\"bitcoin\",\"priceUsd\":\"85345.122097895015031100\"},"
                + "{\"id\":\"ethereum\",\"priceUsd\":\"3118.70\"}],\"timestamp\":1}";
        String page2 = "{\"data\":[{\"symbol\":\"NOID\",\"priceUsd\":\"abc\"}],\"timestamp\":2}";
        ArchivedPoll poll = new ArchivedPoll(UUID.randomUUID(), "assets", "http://127.0.0.1:9000/v3", "v3", OBSERVED,
                ArchivedPoll.Outcome.OK, null, 4, 1, "{\"unknown\":{},\"missing\":{}}", List.of(new ArchivedPoll.Page(0, 200, OBSERVED, page1),
                        new ArchivedPoll.Page(2_000, 503, OBSERVED.plusMillis(9), ""),
                        new ArchivedPoll.Page(2_000, 200, OBSERVED.plusMillis(20), page2)));
        RawArchive archive = new RawArchive(data.resolve("raw"));
        archive.append(poll);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"))) {
            kafka.ensureTopics(Map.of(PollPublisher.topic("assets"), 2, PollPublisher.LEDGER_TOPIC, 1),
                    Duration.ofSeconds(30));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    PollPublisher.producerConfig(kafka.bootstrapServers(), Map.of()))) {
                assertThat(new PollPublisher(producer, archive).publish(poll)).isEqualTo(3);
            }
            List<ConsumerRecord<String, String>> records = consume(kafka, PollPublisher.topic("assets"), 3);
            assertThat(records).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("bitcoin", "ethereum", null);
            ConsumerRecord<String, String> bitcoin = records.stream().filter(r -> "bitcoin".equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(bitcoin.value())
                    .contains("\"item\":{\"id\":\"bitcoin\",\"priceUsd\":\"85345.122097895015031100\"}");
            JsonNode envelope = new ObjectMapper().readTree(bitcoin.value());
            assertThat(envelope.get("poll_id").asText()).isEqualTo(poll.pollId().toString());
            assertThat(envelope.get("observed_at").asText()).isEqualTo(OBSERVED.toString());
            assertThat(envelope.get("source").asText()).isEqualTo("http://127.0.0.1:9000/v3");
            assertThat(envelope.get("schema").asInt()).isEqualTo(PollPublisher.SCHEMA);
            assertThat(bitcoin.value()).isEqualTo("{\"schema\":1,\"poll_id\":\"" + poll.pollId()
                    + "\",\"entity\":\"assets\",\"source\":\"http://127.0.0.1:9000/v3\",\"api\":\"v3\","
                    + "\"observed_at\":\"2026-11-27T13:00:05Z\",\"fetched_at\":\"2026-11-27T13:00:05Z\","
                    + "\"item\":{\"id\":\"bitcoin\",\"priceUsd\":\"85345.122097895015031100\"}}");

            List<ConsumerRecord<String, String>> ledger = consume(kafka, PollPublisher.LEDGER_TOPIC, 1);
            assertThat(ledger).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(poll.pollId().toString());
                assertThat(r.value()).isEqualTo("{\"schema\":1,\"poll_id\":\"" + poll.pollId()
                        + "\",\"entity\":\"assets\",\"source\":\"http://127.0.0.1:9000/v3\",\"api\":\"v3\","
                        + "\"observed_at\":\"2026-11-27T13:00:05Z\",\"fetched_at\":\"2026-11-27T13:00:05.020Z\","
                        + "\"items_returned\":3,\"repeats\":0,\"rejected\":1,\"requests\":4,\"outcome\":\"ok\","
                        + "\"reason\":null,\"archived_body\":null,\"drift\":{\"unknown\":{},\"missing\":{}},"
                        + "\"interval_ms\":null}");
            });
        }
        assertThat(archive.unpublished().polls()).isEmpty();
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
