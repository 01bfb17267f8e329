package io.cryptopipe.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.store.sink.LedgerRow;
import io.cryptopipe.store.sink.Progress;
import io.cryptopipe.store.sink.SinkBatch;
import io.cryptopipe.store.sink.SinkRow;
import io.cryptopipe.store.sink.SinkTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final RecordDecoder decoder = new RecordDecoder();

    @Test
    void turnsAnAssetItemIntoTheTextOfEveryColumnWithTheDigitsAndScaleSent() {
        SinkBatch batch = decode(record("coincap.assets", 0, 7, "bitcoin", "asset-v3.json"));
        assertThat(batch.rejects()).isEmpty();
        Map<String, String> row = columns(SinkTable.ASSETS, batch.rows().get(SinkTable.ASSETS).get(0));
        assertThat(row).containsEntry("id", "bitcoin").containsEntry("rank", "1")
                .containsEntry("supply", "19500000.000000000000000000")
                .containsEntry("max_supply", "21000000.0000")
                .containsEntry("market_cap_usd", "1925884137598.1234567890")
                .containsEntry("volume_usd_24hr", "0.000000000000000100")
                .containsEntry("price_usd", "98765.432100000000000000")
                .containsEntry("change_percent_24hr", "-0.5")
                .containsEntry("vwap_24hr", null)
                .containsEntry("observed_at", "2026-11-27T10:00:00.123Z");
        assertThat(batch.rows().get(SinkTable.ASSETS).get(0).order()).isEqualTo(7);
    }

    @Test
    void fillsEveryColumnOfEachEntityTableInItsOrder() {
        SinkBatch batch = decode(record("coincap.rates", 0, 1, "x", "rate-v2.json"),
                record("coincap.exchanges", 0, 2, "binance", "exchange-v3.json"),
                record("coincap.markets", 0, 3, "binance/bitcoin/tether", "market-v3.json"));
        assertThat(batch.rejects()).isEmpty();
        Map<String, String> rate = columns(SinkTable.RATES, batch.rows().get(SinkTable.RATES).get(0));
        assertThat(rate).containsEntry("id", "são-tomé-and-príncipe-dobra-(pre-2018)")
                .containsEntry("rate_usd", "0.0000432108469019230000").containsEntry("type", "fiat");
        Map<String, String> exchange = columns(SinkTable.EXCHANGES, batch.rows().get(SinkTable.EXCHANGES).get(0));
        assertThat(exchange).containsEntry("percent_total_volume", "32.1234567890123456789012345678901234567890")
                .containsEntry("trading_pairs", "1234").containsEntry("socket", "true")
                .containsEntry("updated_at", "2026-11-27T12:00:00Z");
        Map<String, String> market = columns(SinkTable.MARKETS, batch.rows().get(SinkTable.MARKETS).get(0));
        assertThat(market).containsEntry("exchange_id", "binance").containsEntry("base_id", "bitcoin")
                .containsEntry("quote_id", "tether").containsEntry("trades_count_24hr", "987654")
                .containsEntry("updated_at", null).containsEntry("price_quote", "98765.4300000000000000");
    }

    @Test
    void rejectsAnItemWithoutIdWithTheParsersReasonAndKeepsTheWholeRecord() {
        String value = fixture("asset-no-id.json");
        SinkBatch batch = decoder.decode(List.of(new StreamRecord("coincap.assets", 2, 11, null, value)), "q", 5, NOW);
        assertThat(batch.rows()).isEmpty();
        assertThat(batch.rejects()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("id");
            assertThat(r.raw()).isEqualTo(value);
            assertThat(r.partition()).isEqualTo(2);
            assertThat(r.offset()).isEqualTo(11);
            assertThat(r.rejectedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void rejectsTextPostgresqlCannotStoreInsteadOfFailingTheBatch() {
        SinkBatch batch = decode(record("coincap.assets", 0, 1, "nul-coin", "asset-nul-name.json"));
        assertThat(batch.rows()).isEmpty();
        assertThat(batch.rejects()).singleElement().satisfies(r -> assertThat(r.reason()).contains("U+0000"));
    }

    @Test
    void rejectsRecordsThatAreNotEnvelopesWithAReason() {
        SinkBatch batch = decoder.decode(List.of(
                new StreamRecord("coincap.assets", 0, 1, "k", "not json"),
                new StreamRecord("coincap.assets", 0, 2, "k", null),
                new StreamRecord("coincap.assets", 0, 3, "k", "{\"schema\":2,\"item\":{}}"),
                new StreamRecord("coincap.assets", 0, 4, "k", "{\"schema\":1,\"observed_at\":\"2026-11-27T10:00:00Z\"}"),
                new StreamRecord("coincap.prices", 0, 5, "k", fixture("asset-v3.json"))), "q", 1, NOW);
        assertThat(batch.rows()).isEmpty();
        assertThat(batch.rejects()).extracting(r -> r.reason()).allSatisfy(reason -> assertThat(reason).isNotBlank())
                .hasSize(5);
        assertThat(batch.rejects().get(2).reason()).contains("schema 2");
        assertThat(batch.rejects().get(3).reason()).contains("no item");
    }

    @Test
    void readsLedgerEventsIncludingAWholeBodyFailureAndItsBody() {
        SinkBatch batch = decode(record("coincap.ledger", 0, 0, "p", "ledger-failed.json"),
                record("coincap.ledger", 0, 1, "p", "ledger-ok.json"));
        assertThat(batch.rejects()).isEmpty();
        LedgerRow failed = batch.ledger().get(0);
        assertThat(failed.outcome()).isEqualTo("failed");
        assertThat(failed.reason()).startsWith("DEPRECATED");
        assertThat(failed.archivedBody()).contains("deprecating");
        LedgerRow ok = batch.ledger().get(1);
        assertThat(ok.itemsReturned()).isEqualTo(3);
        assertThat(ok.repeats()).isEqualTo(1);
        assertThat(ok.driftJson()).contains("newField");
        assertThat(ok.observedAt()).isEqualTo(Instant.parse("2026-11-27T10:00:00.123Z"));
    }

    @Test
    void readsThePollersIntervalFromLedgerEventsAndNullFromEventsPublishedBeforeIt() {
        String withInterval = fixture("ledger-ok.json").strip();
        withInterval = withInterval.substring(0, withInterval.length() - 1) + ",\"interval_ms\":10000}";
        SinkBatch batch = decoder.decode(List.of(new StreamRecord("coincap.ledger", 0, 0, "p", withInterval),
                record("coincap.ledger", 0, 1, "p", "ledger-ok.json"),
                new StreamRecord("coincap.ledger", 0, 2, "p", withInterval.replace("10000}", "null}"))), "q", 4, NOW);
        assertThat(batch.rejects()).isEmpty();
        assertThat(batch.ledger()).extracting(LedgerRow::intervalMs).containsExactly(10_000L, null, null);
    }

    @Test
    void keepsTheNextOffsetOfEveryTopicPartitionItSaw() {
        SinkBatch batch = decode(record("coincap.assets", 0, 7, "bitcoin", "asset-v3.json"),
                record("coincap.assets", 0, 9, "bitcoin", "asset-v3.json"),
                record("coincap.assets", 1, 3, "nul-coin", "asset-nul-name.json"));
        assertThat(batch.progress()).containsExactlyInAnyOrder(
                new Progress("q", "coincap.assets", 0, 10, 4), new Progress("q", "coincap.assets", 1, 4, 4));
    }

    private SinkBatch decode(StreamRecord... records) {
        return decoder.decode(List.of(records), "q", 4, NOW);
    }

    private static StreamRecord record(String topic, int partition, long offset, String key, String file) {
        return new StreamRecord(topic, partition, offset, key, fixture(file));
    }

    private static Map<String, String> columns(SinkTable table, SinkRow row) {
        assertThat(row.values()).hasSameSizeAs(table.columns());
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) {
            byName.put(table.columns().get(i), row.values().get(i));
        }
        return byName;
    }

    static String fixture(String name) {
        try (InputStream in = RecordDecoderTest.class.getResourceAsStream("/records/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
