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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
        ArchivedPoll poll = new ArchivedPoll(UUID.randomUUID(), "assets", "http://127.0.0.1:9000/v3", OBSERVED,
                List.of(new ArchivedPoll.Page(0, 200, OBSERVED, page1),
                        new ArchivedPoll.Page(2_000, 503, OBSERVED.plusMillis(9), ""),
                        new ArchivedPoll.Page(2_000, 200, OBSERVED.plusMillis(20), page2)));
        RawArchive archive = new RawArchive(data.resolve("raw"));
        archive.append(poll);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(data.resolve("kafka"))) {
            kafka.ensureTopics(Map.of(PollPublisher.topic("assets"), 2), Duration.ofSeconds(30));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
                assertThat(new PollPublisher(producer, archive).publish(poll)).isEqualTo(3);
            }
            List<ConsumerRecord<String, String>> records = consume(kafka, 3);
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
        }
        assertThat(archive.unpublished().polls()).isEmpty();
    }

    private static Properties producerProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(PollPublisher.topic("assets")));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
