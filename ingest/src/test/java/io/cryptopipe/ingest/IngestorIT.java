package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.Endpoints;
import io.cryptopipe.source.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestor against the simulator over HTTP and the embedded broker: what the archive holds is exactly what
 * Kafka holds, poll by poll, and every poll, failed or refused ones included, has its ledger record.
 */
class IngestorIT {
    static final SimulatorConfig SMALL = new SimulatorConfig("127.0.0.1", 0, 50, 5, 100, 11, 1);
    static final Duration FAST = Duration.ofMillis(300);
    static final List<String> TOPICS = Stream.concat(PollPublisher.ENTITIES.stream().map(PollPublisher::topic),
            Stream.of(PollPublisher.LEDGER_TOPIC)).toList();
    static final List<String> LEDGER_FIELDS = List.of("schema", "poll_id", "entity", "source", "api", "observed_at",
            "fetched_at", "items_returned", "repeats", "rejected", "requests", "outcome", "reason", "archived_body",
            "drift", "interval_ms");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static EmbeddedKafka kafka;
    static KafkaProducer<String, String> producer;

    @TempDir
    Path data;

    @BeforeAll
    static void startKafka() throws IOException {
        kafka = EmbeddedKafka.start(shared.resolve("kafka"));
        Map<String, Integer> topics = new LinkedHashMap<>();
        TOPICS.forEach(t -> topics.put(t, 2));
        kafka.ensureTopics(topics, Duration.ofSeconds(60));
        producer = new KafkaProducer<>(PollPublisher.producerConfig(kafka.bootstrapServers(), Map.of()));
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyArchivedItemIsOnItsTopicOncePerPollWithItsEnvelopeAndEveryPollHasItsLedgerRecord() throws Exception {
        RawArchive archive = new RawArchive(data.resolve("raw"));
        try (Simulator sim = Simulator.start(SMALL.withFaults(FaultPlan.parse("bad-items=0.05,extra-fields=0.1")),
                Clock.systemUTC())) {
            IngestSettings settings = settings(sim, "v3", PollPublisher.ENTITIES);
            try (Ingestor ingestor = ingestor(settings, client(sim, "v3", Optional.empty(), 20), archive,
                    Clock.systemUTC())) {
                ingestor.start();
                await(() -> ingestor.stats().entities().values().stream().allMatch(e -> e.ok() >= 3));
                ingestor.stop(Duration.ofSeconds(60));
                IngestStats stats = ingestor.stats();
                List<ArchivedPoll> polls = archive.read(Instant.MIN, Instant.MAX).polls();
                assertThat(archive.unpublished().polls()).isEmpty();
                assertThat(polls).allSatisfy(p -> assertThat(p.outcome()).isEqualTo(ArchivedPoll.Outcome.OK));
                for (String entity : PollPublisher.ENTITIES) {
                    assertThat(stats.entities().get(entity).ok())
                            .isEqualTo(polls.stream().filter(p -> p.entity().equals(entity)).count());
                }

                Published published = Published.of(readAll(), polls);
                long items = 0;
                for (ArchivedPoll poll : polls) {
                    List<Item> expected = expectedItems(poll);
                    items += expected.size();
                    assertThat(published.items(poll)).as("items of %s poll %s", poll.entity(), poll.pollId())
                            .containsExactlyInAnyOrderElementsOf(expected);
                    JsonNode ledger = published.ledger(poll);
                    assertThat(ledger.get("outcome").asText()).isEqualTo("ok");
                    assertThat(ledger.get("items_returned").asInt()).isEqualTo(expected.size());
                    assertThat(ledger.get("repeats").asInt()).isEqualTo(repeats(expected));
                    assertThat(ledger.get("rejected").asInt()).isEqualTo(poll.rejected());
                    assertThat(ledger.get("requests").asInt()).isEqualTo(poll.requests()).isEqualTo(poll.pages().size());
                    assertThat(ledger.get("fetched_at").asText())
                            .isEqualTo(poll.pages().get(poll.pages().size() - 1).fetchedAt().toString());
                    assertThat(ledger.get("reason").isNull()).isTrue();
                    assertThat(ledger.get("archived_body").isNull()).isTrue();
                    assertThat(ledger.get("drift")).isEqualTo(JSON.readTree(poll.driftJson()));
                    assertThat(ledger.get("interval_ms").asLong()).isEqualTo(FAST.toMillis())
                            .isEqualTo(poll.intervalMs());
                }
                assertThat(stats.entities().values().stream().mapToLong(IngestStats.Entity::itemsPublished).sum())
                        .isEqualTo(items);
                // The faults were injected, and the ledger carries them (over a thousand items: certain to occur).
                assertThat(polls.stream().mapToInt(ArchivedPoll::rejected).sum()).isPositive();
                assertThat(polls).anySatisfy(p -> assertThat(p.driftJson()).contains("simExtra"));
            }
        }
    }

    @Test
    void aPollEndedByTheV2NoticeIsArchivedWithThatBodyAndLedgeredAsFailedWithItsReason() throws Exception {
        Instant now = Instant.parse("2026-11-27T13:00:05Z");
        RawArchive archive = new RawArchive(data.resolve("raw"));
        try (Simulator sim = Simulator.start(SMALL.withFaults(FaultPlan.parse("deprecated=1")), Clock.systemUTC())) {
            try (Ingestor ingestor = ingestor(settings(sim, "v2", List.of("assets", "rates")),
                    client(sim, "v2", Optional.empty(), 2_000), archive, Clock.fixed(now, ZoneOffset.UTC))) {
                ingestor.start();
                await(() -> ingestor.stats().entities().values().stream().allMatch(e -> e.failed() >= 2));
                ingestor.stop(Duration.ofSeconds(60));
                assertThat(ingestor.stats().entities().get("assets").lastOutcome())
                        .isEqualTo(ArchivedPoll.Outcome.FAILED);
                assertThat(ingestor.stats().entities().get("assets").lastReason()).startsWith("DEPRECATED: ");
            }
        }
        List<ArchivedPoll> polls = archive.read(Instant.MIN, Instant.MAX).polls();
        Published published = Published.of(readAll(), polls);
        assertThat(polls).isNotEmpty().allSatisfy(poll -> {
            assertThat(poll.outcome()).isEqualTo(ArchivedPoll.Outcome.FAILED);
            assertThat(poll.observedAt()).isEqualTo(now);
            assertThat(poll.reason()).startsWith("DEPRECATED: ").contains("2025-03-31");
            assertThat(poll.pages()).singleElement().satisfies(page -> {
                assertThat(page.status()).isEqualTo(200);
                assertThat(JSON.readTree(page.body()).get("data").get("message").asText()).isNotBlank();
            });
            assertThat(published.items(poll)).isEmpty();
            JsonNode ledger = published.ledger(poll);
            assertThat(ledger.get("outcome").asText()).isEqualTo("failed");
            assertThat(ledger.get("api").asText()).isEqualTo("v2");
            assertThat(ledger.get("reason").asText()).isEqualTo(poll.reason());
            assertThat(ledger.get("archived_body").asText()).isEqualTo(poll.pages().get(0).body());
            assertThat(ledger.get("observed_at").asText()).isEqualTo(now.toString());
            assertThat(ledger.get("fetched_at").asText()).isEqualTo(now.toString());
            assertThat(ledger.get("items_returned").asInt()).isZero();
            assertThat(ledger.get("rejected").asInt()).isZero();
            assertThat(ledger.get("requests").asInt()).isEqualTo(1);
            assertThat(ledger.get("drift").isNull()).isTrue();
        });
        assertThat(archive.unpublished().polls()).isEmpty();
    }

    @Test
    void serverErrorsOnEveryAttemptAreAFailedPollKeepingTheLastStatusAndBody() throws Exception {
        RawArchive archive = new RawArchive(data.resolve("raw"));
        try (Simulator sim = Simulator.start(SMALL.withFaults(FaultPlan.parse("5xx=1.0")), Clock.systemUTC());
             Ingestor ingestor = ingestor(settings(sim, "v3", List.of("exchanges")),
                     client(sim, "v3", Optional.empty(), 2_000), archive, Clock.systemUTC())) {
            ingestor.start();
            await(() -> ingestor.stats().entities().get("exchanges").failed() >= 2);
            ingestor.stop(Duration.ofSeconds(60));
        }
        List<ArchivedPoll> polls = archive.read(Instant.MIN, Instant.MAX).polls();
        Published published = Published.of(readAll(), polls);
        assertThat(polls).isNotEmpty().allSatisfy(poll -> {
            assertThat(poll.reason()).startsWith("RETRIES_EXHAUSTED: ");
            assertThat(poll.requests()).isEqualTo(3);
            ArchivedPoll.Page page = poll.pages().get(0);
            assertThat(page.status()).isIn(500, 502, 503);
            assertThat(published.ledger(poll).get("archived_body").asText()).isEqualTo(page.body());
            assertThat(published.ledger(poll).get("requests").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aSpentCreditBudgetIsARefusedPollThatSentNothingAndHasNoPages() throws Exception {
        RawArchive archive = new RawArchive(data.resolve("raw"));
        try (Simulator sim = Simulator.start(SMALL, Clock.systemUTC());
             Ingestor ingestor = ingestor(settings(sim, "v3", List.of("markets")),
                     client(sim, "v3", Optional.of(0L), 2_000), archive, Clock.systemUTC())) {
            ingestor.start();
            await(() -> ingestor.stats().entities().get("markets").refused() >= 2);
            ingestor.stop(Duration.ofSeconds(60));
            assertThat(sim.requests()).isZero();
        }
        List<ArchivedPoll> polls = archive.read(Instant.MIN, Instant.MAX).polls();
        Published published = Published.of(readAll(), polls);
        assertThat(polls).isNotEmpty().allSatisfy(poll -> {
            assertThat(poll.outcome()).isEqualTo(ArchivedPoll.Outcome.REFUSED);
            assertThat(poll.pages()).isEmpty();
            JsonNode ledger = published.ledger(poll);
            assertThat(ledger.get("outcome").asText()).isEqualTo("refused");
            assertThat(ledger.get("reason").asText()).startsWith("BUDGET_EXHAUSTED: ");
            assertThat(ledger.get("fetched_at").isNull()).isTrue();
            assertThat(ledger.get("archived_body").isNull()).isTrue();
            assertThat(ledger.get("requests").asInt()).isZero();
        });
    }

    @Test
    void pollsArchivedButNeverPublishedAreRepublishedOnceAndMarkedDespiteADamagedTail() throws Exception {
        RawArchive archive = new RawArchive(data.resolve("raw"));
        List<ArchivedPoll> leftover = new ArrayList<>();
        ArchivedPoll done;
        try (Simulator sim = Simulator.start(SMALL, Clock.systemUTC())) {
            CoinCapClient client = client(sim, "v3", Optional.empty(), 20);
            String source = settings(sim, "v3", List.of("assets")).source();
            done = ArchivedPoll.ok(client.poll(Endpoints.assets()), source, "v3");
            archive.append(done);
            archive.markPublished(done.pollId());
            leftover.add(ArchivedPoll.ok(client.poll(Endpoints.assets()), source, "v3"));
            leftover.add(ArchivedPoll.ok(client.poll(Endpoints.markets()), source, "v3"));
            leftover.add(ArchivedPoll.ok(client.poll(Endpoints.rates()), source, "v3"));
            for (ArchivedPoll poll : leftover) {
                archive.append(poll); // a crash after the archive, before the publish
            }
            // and a crash in the middle of a later append
            Files.write(archive.fileFor(leftover.get(2).observedAt()), "\u001f\u008b\u0008".getBytes(
                    StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);

            try (Ingestor ingestor = ingestor(settings(sim, "v3", List.of("assets")), client, archive,
                    Clock.systemUTC())) {
                assertThat(ingestor.republishUnpublished()).isEqualTo(3);
                assertThat(ingestor.stats().republished()).isEqualTo(3);
            }
        }
        assertThat(archive.unpublished().polls()).isEmpty();
        List<ArchivedPoll> all = new ArrayList<>(leftover);
        all.add(done);
        Published published = Published.of(readAll(), all);
        for (ArchivedPoll poll : leftover) {
            assertThat(published.items(poll)).containsExactlyInAnyOrderElementsOf(expectedItems(poll));
            assertThat(published.ledger(poll).get("items_returned").asInt()).isEqualTo(expectedItems(poll).size());
        }
        assertThat(published.items(done)).isEmpty();
        assertThat(published.ledgers(done)).isEmpty();
    }

    @Test
    void theFirstPollStartsAtOnceAndAStopEndsTheWaitForTheNext() throws Exception {
        RawArchive archive = new RawArchive(data.resolve("raw"));
        try (Simulator sim = Simulator.start(SMALL, Clock.systemUTC())) {
            IngestSettings settings = new IngestSettings(Map.of("rates", Duration.ofHours(1)), source(sim, "v3"),
                    "v3");
            try (Ingestor ingestor = ingestor(settings, client(sim, "v3", Optional.empty(), 2_000), archive,
                    Clock.systemUTC())) {
                ingestor.start();
                await(() -> ingestor.stats().entities().get("rates").ok() == 1 && archive.published().size() == 1);
                ingestor.stop(Duration.ofSeconds(60));
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("poll-rates"));
                assertThat(ingestor.stats().entities().get("rates").ok()).isEqualTo(1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** One expected item record: its topic, key and exact value. */
    record Item(String topic, String key, String value) {
    }

    /** Item records of an OK poll, from the archive: every raw item of every 2xx page, in an envelope built here. */
    static List<Item> expectedItems(ArchivedPoll poll) throws IOException {
        List<Item> items = new ArrayList<>();
        for (ArchivedPoll.Page page : poll.pages()) {
            if (page.status() / 100 != 2) {
                continue;
            }
            List<String> raw = RawItems.split(page.body()).orElseThrow();
            JsonNode data = JSON.readTree(page.body()).get("data");
            assertThat(raw).hasSize(data.isArray() ? data.size() : 1);
            for (String item : raw) {
                String value = "{\"schema\":1,\"poll_id\":\"" + poll.pollId() + "\",\"entity\":\"" + poll.entity()
                        + "\",\"source\":\"" + poll.source() + "\",\"api\":\"" + poll.api() + "\",\"observed_at\":\""
                        + poll.observedAt() + "\",\"fetched_at\":\"" + page.fetchedAt() + "\",\"item\":" + item + "}";
                items.add(new Item("coincap." + poll.entity(), NaturalKey.of(poll.entity(), item).orElse(null),
                        value));
            }
        }
        return items;
    }

    /** Items whose natural key appeared earlier in the same poll. */
    static int repeats(List<Item> items) {
        Set<String> seen = new HashSet<>();
        return (int) items.stream().filter(i -> i.key() != null && !seen.add(i.key())).count();
    }

    /** What the broker holds for a set of polls, by poll id. */
    record Published(Map<UUID, List<Item>> items, Map<UUID, List<String>> ledgers) {
        static Published of(List<ConsumerRecord<String, String>> records, List<ArchivedPoll> polls)
                throws IOException {
            Set<String> ids = polls.stream().map(p -> p.pollId().toString()).collect(Collectors.toSet());
            Map<UUID, List<Item>> items = new LinkedHashMap<>();
            Map<UUID, List<String>> ledgers = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                if (r.topic().equals(PollPublisher.LEDGER_TOPIC)) {
                    if (ids.contains(r.key())) {
                        ledgers.computeIfAbsent(UUID.fromString(r.key()), k -> new ArrayList<>()).add(r.value());
                    }
                    continue;
                }
                String pollId = JSON.readTree(r.value()).get("poll_id").asText();
                if (ids.contains(pollId)) {
                    items.computeIfAbsent(UUID.fromString(pollId), k -> new ArrayList<>())
                            .add(new Item(r.topic(), r.key(), r.value()));
                }
            }
            return new Published(items, ledgers);
        }

        List<Item> items(ArchivedPoll poll) {
            return items.getOrDefault(poll.pollId(), List.of());
        }

        List<String> ledgers(ArchivedPoll poll) {
            return ledgers.getOrDefault(poll.pollId(), List.of());
        }

        /** The poll's one ledger record, checked for its fields, their order and the poll's identity. */
        JsonNode ledger(ArchivedPoll poll) throws IOException {
            assertThat(ledgers(poll)).as("ledger records of poll %s", poll.pollId()).hasSize(1);
            JsonNode ledger = JSON.readTree(ledgers(poll).get(0));
            List<String> fields = new ArrayList<>();
            ledger.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyElementsOf(LEDGER_FIELDS);
            assertThat(ledger.get("schema").asInt()).isEqualTo(1);
            assertThat(ledger.get("poll_id").asText()).isEqualTo(poll.pollId().toString());
            assertThat(ledger.get("entity").asText()).isEqualTo(poll.entity());
            assertThat(ledger.get("source").asText()).isEqualTo(poll.source());
            assertThat(ledger.get("api").asText()).isEqualTo(poll.api());
            assertThat(ledger.get("observed_at").asText()).isEqualTo(poll.observedAt().toString());
            return ledger;
        }
    }

    /** Every record on the product's topics now, read to the end offsets found at the start. */
    static List<ConsumerRecord<String, String>> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = TOPICS.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read the topics to their end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Ingestor ingestor(IngestSettings settings, CoinCapClient client, RawArchive archive,
            Clock clock) {
        return new Ingestor(settings, client, archive, new PollPublisher(producer, archive), clock,
                CrashPoints.none());
    }

    private static IngestSettings settings(Simulator sim, String api, List<String> entities) {
        Map<String, Duration> intervals = new LinkedHashMap<>();
        entities.forEach(e -> intervals.put(e, FAST));
        return new IngestSettings(intervals, source(sim, api), api);
    }

    private static String source(Simulator sim, String api) {
        return sim.baseUrl() + "/" + api;
    }

    /** Explicit settings (a COINCAP_API_KEY in the environment is ignored); a budget needs a key. */
    private static CoinCapClient client(Simulator sim, String api, Optional<Long> creditsPerDay, int pageSize) {
        ClientSettings settings = new ClientSettings(URI.create(source(sim, api)), ApiShape.parse(api).orElseThrow(),
                creditsPerDay.map(c -> "test-key"), false, 100_000, creditsPerDay, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(20), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10)), pageSize);
        return CoinCapClient.create(settings, Clock.systemUTC());
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for a condition the ingestor reaches on its own; the deadline only guards against a hang. */
    private static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("the ingestor did not get there within two minutes");
            }
            Thread.sleep(50);
        }
    }
}
