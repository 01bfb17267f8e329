package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.source.CoinCapException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The records a poll becomes, to the byte: items of OK polls only, then one ledger record for every poll. */
class PollPublisherTest {
    static final Instant T0 = Instant.parse("2026-11-27T13:00:05.123Z");
    static final UUID ID = UUID.fromString("0b7c9e2e-3f4a-4c1d-8e5f-6a7b8c9d0e1f");

    @Test
    void anOkPollIsItsItemsInPageOrderThenALedgerCountingRepeatsAndKeylessItems() {
        String page1 = "{\"data\":[{\"id\":\"bitcoin\",\"rank\":\"1\"},{\"id\":\"ethereum\",\"rank\":\"2\"}],"
                + "\"timestamp\":1}";
        String page2 = "{\"data\":[{\"id\":\"ethereum\",\"rank\":\"3\"},{\"rank\":\"4\"}],\"timestamp\":2}";
        ArchivedPoll poll = new ArchivedPoll(ID, "assets", "https://rest.coincap.io/v3?apiKey=****", "v3", T0,
                ArchivedPoll.Outcome.OK, null, 3, 1, "{\"unknown\":{\"simExtra\":2},\"missing\":{}}", List.of(
                        new ArchivedPoll.Page(0, 200, T0.plusMillis(1), page1),
                        new ArchivedPoll.Page(2_000, 503, T0.plusMillis(2), "{\"data\":[{\"id\":\"x\"}]}"),
                        new ArchivedPoll.Page(2_000, 200, T0.plusMillis(3), page2)));

        List<ProducerRecord<String, String>> records = PollPublisher.records(poll);

        assertThat(records).extracting(ProducerRecord::topic).containsExactly("coincap.assets", "coincap.assets",
                "coincap.assets", "coincap.assets", "coincap.ledger");
        assertThat(records).extracting(ProducerRecord::key)
                .containsExactly("bitcoin", "ethereum", "ethereum", null, ID.toString());
        assertThat(records.get(2).value()).isEqualTo("{\"schema\":1,\"poll_id\":\"" + ID + "\",\"entity\":\"assets\","
                + "\"source\":\"https://rest.coincap.io/v3?apiKey=****\",\"api\":\"v3\","
                + "\"observed_at\":\"2026-11-27T13:00:05.123Z\",\"fetched_at\":\"2026-11-27T13:00:05.126Z\","
                + "\"item\":{\"id\":\"ethereum\",\"rank\":\"3\"}}");
        assertThat(records.get(4).value()).isEqualTo("{\"schema\":1,\"poll_id\":\"" + ID + "\",\"entity\":\"assets\","
                + "\"source\":\"https://rest.coincap.io/v3?apiKey=****\",\"api\":\"v3\","
                + "\"observed_at\":\"2026-11-27T13:00:05.123Z\",\"fetched_at\":\"2026-11-27T13:00:05.126Z\","
                + "\"items_returned\":4,\"repeats\":1,\"rejected\":1,\"requests\":3,\"outcome\":\"ok\",\"reason\":null,"
                + "\"archived_body\":null,\"drift\":{\"unknown\":{\"simExtra\":2},\"missing\":{}},\"interval_ms\":null}");
    }

    @Test
    void aFailedPollIsOnlyALedgerRecordCarryingItsReasonAndTheBodyThatEndedItEscaped() {
        String body = "<html>\n<h1>502 \"Bad\" Gateway</h1>\\</html>";
        ArchivedPoll poll = ArchivedPoll.failed("markets", "http://127.0.0.1:9/v3", "v3", T0, T0.plusSeconds(2),
                new CoinCapException(CoinCapException.Kind.RETRIES_EXHAUSTED, 502, "failed 3 times; last: HTTP 502",
                        body, null, 3));

        List<ProducerRecord<String, String>> records = PollPublisher.records(poll);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(PollPublisher.LEDGER_TOPIC);
            assertThat(r.key()).isEqualTo(poll.pollId().toString());
            assertThat(r.value()).isEqualTo("{\"schema\":1,\"poll_id\":\"" + poll.pollId() + "\",\"entity\":\"markets\","
                    + "\"source\":\"http://127.0.0.1:9/v3\",\"api\":\"v3\",\"observed_at\":\"2026-11-27T13:00:05.123Z\","
                    + "\"fetched_at\":\"2026-11-27T13:00:07.123Z\",\"items_returned\":0,\"repeats\":0,\"rejected\":0,"
                    + "\"requests\":3,\"outcome\":\"failed\",\"reason\":\"RETRIES_EXHAUSTED: failed 3 times; last: HTTP 502\","
                    + "\"archived_body\":\"<html>\\n<h1>502 \\\"Bad\\\" Gateway</h1>\\\\</html>\",\"drift\":null,"
                    + "\"interval_ms\":null}");
        });
    }

    @Test
    void aFailureWhoseBodyLooksLikeDataPublishesNoItems() {
        String notice = "{\"data\":{\"message\":\"v2 is deprecated\"},\"timestamp\":1}";
        ArchivedPoll poll = ArchivedPoll.failed("assets", "http://h/v2", "v2", T0, T0,
                new CoinCapException(CoinCapException.Kind.DEPRECATED, 200, "end-of-life notice", notice, null, 1));
        assertThat(PollPublisher.records(poll)).singleElement().satisfies(r -> assertThat(r.value())
                .contains("\"items_returned\":0").contains("\"archived_body\":" + Json.quote(notice)));
    }

    @Test
    void aRefusedPollHasNoPagesSoNoFetchTimeAndNoBody() {
        ArchivedPoll poll = ArchivedPoll.failed("rates", "https://rest.coincap.io/v3", "v3", T0, T0.plusMillis(1),
                new CoinCapException(CoinCapException.Kind.BUDGET_EXHAUSTED, 0, "credit budget spent", "", null));
        assertThat(poll.outcome()).isEqualTo(ArchivedPoll.Outcome.REFUSED);
        assertThat(poll.pages()).isEmpty();
        assertThat(PollPublisher.records(poll)).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(
                "{\"schema\":1,\"poll_id\":\"" + poll.pollId() + "\",\"entity\":\"rates\","
                        + "\"source\":\"https://rest.coincap.io/v3\",\"api\":\"v3\","
                        + "\"observed_at\":\"2026-11-27T13:00:05.123Z\",\"fetched_at\":null,\"items_returned\":0,"
                        + "\"repeats\":0,\"rejected\":0,\"requests\":0,\"outcome\":\"refused\","
                        + "\"reason\":\"BUDGET_EXHAUSTED: credit budget spent\",\"archived_body\":null,\"drift\":null,"
                        + "\"interval_ms\":null}"));
    }

    @Test
    void theLedgerRecordCarriesThePollersIntervalSoExpectedSlotsAreKnown() {
        ArchivedPoll poll = ArchivedPoll.failed("rates", "https://rest.coincap.io/v3", "v3", T0, T0.plusMillis(1),
                new CoinCapException(CoinCapException.Kind.BUDGET_EXHAUSTED, 0, "credit budget spent", "", null),
                Duration.ofSeconds(60));
        assertThat(poll.intervalMs()).isEqualTo(60_000L);
        assertThat(PollPublisher.records(poll)).singleElement()
                .satisfies(r -> assertThat(r.value()).endsWith(",\"drift\":null,\"interval_ms\":60000}"));
    }

    @Test
    void theProducerIsIdempotentAndTakesPassthroughSettingsLast() {
        Map<String, Object> config = PollPublisher.producerConfig("k1:9092,k2:9092",
                Map.of("security.protocol", "SASL_SSL", "linger.ms", "20"));
        assertThat(config).containsEntry("bootstrap.servers", "k1:9092,k2:9092")
                .containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("batch.size", 131_072).containsEntry("compression.type", "lz4")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "20")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
                .containsEntry("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    }
}
