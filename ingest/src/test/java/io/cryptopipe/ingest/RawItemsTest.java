package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Items are cut out of the body as the exact text sent, and keyed without judging the rest. */
class RawItemsTest {
    static final String BODY = "{\"data\":[{\"id\":\"bitcoin\",\"priceUsd\":\"85345.1220978950150311\"},"
            + " {\"id\":\"x\",\"rateUsd\":4.1e-7, \"n\":[1,{\"a\":null}]},5,null,{\"priceUsd\":\"1\"}],"
            + "\"timestamp\":1795814087617}";

    @Test
    void listItemsAreTheExactSubstringsSentIncludingOddOnes() {
        assertThat(RawItems.split(BODY)).contains(List.of(
                "{\"id\":\"bitcoin\",\"priceUsd\":\"85345.1220978950150311\"}",
                "{\"id\":\"x\",\"rateUsd\":4.1e-7, \"n\":[1,{\"a\":null}]}",
                "5", "null", "{\"priceUsd\":\"1\"}"));
    }

    @Test
    void aSingleItemAnswerIsOneItemAndTheFieldOrderDoesNotMatter() {
        assertThat(RawItems.split("{\"timestamp\":1,\"data\":{\"id\":\"bitcoin\",\"rank\":\"1\"}}"))
                .contains(List.of("{\"id\":\"bitcoin\",\"rank\":\"1\"}"));
    }

    @Test
    void bodiesWithoutAListOrObjectInDataHaveNoItems() {
        assertThat(RawItems.split("<html>502</html>")).isEmpty();
        assertThat(RawItems.split("{\"error\":\"x\"}")).isEmpty();
        assertThat(RawItems.split("{\"data\":\"nope\"}")).isEmpty();
        assertThat(RawItems.split("{\"data\":[{\"id\":\"cut")).isEmpty();
    }

    @Test
    void naturalKeysFollowTheEntityAndAreEmptyWithoutAnId() {
        assertThat(NaturalKey.of("assets", "{\"id\":\"bitcoin\"}")).contains("bitcoin");
        assertThat(NaturalKey.of("exchanges", "{\"id\":\"kraken\"}")).contains("kraken");
        assertThat(NaturalKey.of("exchanges", "{\"exchangeId\":\"binance\",\"id\":\"x\"}")).contains("binance");
        assertThat(NaturalKey.of("markets", "{\"exchangeId\":\"binance\",\"baseId\":\"bitcoin\",\"quoteId\":\"tether\"}"))
                .contains("binance/bitcoin/tether");
        assertThat(NaturalKey.of("markets", "{\"exchangeId\":\"binance\",\"baseId\":\"bitcoin\"}")).isEmpty();
        assertThat(NaturalKey.of("assets", "{\"id\":\"\"}")).isEmpty();
        assertThat(NaturalKey.of("assets", "5")).isEmpty();
    }
}
