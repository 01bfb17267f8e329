package io.cryptopipe.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker: idempotent produce and consume, and a log kept across a restart. */
class EmbeddedKafkaIT {
    static final String TOPIC = "coincap.assets";
    static final int RECORDS = 2_000;

    @TempDir
    Path data;

    @Test
    void recordsProducedIdempotentlyAreAllConsumedAndSurviveARestart() throws Exception {
        Path log = data.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(log)) {
            kafka.ensureTopics(Map.of(TOPIC, 4), Duration.ofSeconds(30));
            kafka.ensureTopics(Map.of(TOPIC, 4), Duration.ofSeconds(30));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "asset-" + (i % 500), "{\"priceUsd\":\"" + i + ".10\"}"));
                }
                producer.flush();
            }
            assertThat(consumeAll(kafka)).hasSize(500).containsEntry("asset-7", "{\"priceUsd\":\"1507.10\"}");
        }
        try (EmbeddedKafka again = EmbeddedKafka.start(log)) {
            again.ensureTopics(Map.of(TOPIC, 4), Duration.ofSeconds(30));
            assertThat(countAll(again)).isEqualTo(RECORDS);
        }
    }

    private static Properties producerProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** Last value per key over the whole topic. */
    private static Map<String, String> consumeAll(EmbeddedKafka kafka) {
        Map<String, String> latest = new HashMap<>();
        read(kafka, r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private static int countAll(EmbeddedKafka kafka) {
        int[] count = {0};
        read(kafka, r -> count[0]++);
        return count[0];
    }

    private static void read(EmbeddedKafka kafka, java.util.function.Consumer<ConsumerRecord<String, String>> sink) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(java.util.List.of(TOPIC));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(r);
                    seen++;
                }
            }
        }
    }
}
