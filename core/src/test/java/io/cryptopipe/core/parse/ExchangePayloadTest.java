package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.byId;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Exchange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /exchanges: 2018 items keyed {@code id}, v3 items keyed {@code exchangeId}, dead exchanges full of nulls. */
class ExchangePayloadTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    private ParsedResponse.Page<Exchange> v2Exchanges() {
        return page(v2.parseList(Entity.EXCHANGE, Fixtures.read("v2-exchanges-2018.json")));
    }

    private ParsedResponse.Page<Exchange> v3Exchanges() {
        return page(v3.parseList(Entity.EXCHANGE, Fixtures.read("v3-exchanges.json")));
    }

    @Test
    void readsTheSlugOf2018ExchangesKeyedId() {
        ParsedResponse.Page<Exchange> page = v2Exchanges();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.items()).extracting(Exchange::exchangeId).containsExactly("binance", "okex", "quadrigacx");
        assertThat(page.items()).extracting(Exchange::name).containsExactly("Binance", "OKEx", "QuadrigaCX");
        assertThat(page.drift().unknown()).isEmpty();
    }

    @Test
    void keepsPercentTotalVolumeWithThirtySixToFortyDecimals() {
        Map<String, Exchange> exchanges = byId(v2Exchanges().items(), Exchange::exchangeId);

        BigDecimal binance = exchanges.get("binance").percentTotalVolume();
        assertThat(binance).isEqualTo(new BigDecimal("16.903238293498432712000000000000000000"));
        assertThat(binance.scale()).isEqualTo(36);
        BigDecimal okex = exchanges.get("okex").percentTotalVolume();
        assertThat(okex).isEqualTo(new BigDecimal("12.3748924938571920000000000000000000000000"));
        assertThat(okex.scale()).isEqualTo(40);
        BigDecimal quadriga = exchanges.get("quadrigacx").percentTotalVolume();
        assertThat(quadriga).isEqualTo(new BigDecimal("0.00312837410382140000000000000000000000"));
        assertThat(quadriga.scale()).isEqualTo(38);
    }

    @Test
    void readsAnAbsentExchangeUrlAsNullAndCountsItMissing() {
        ParsedResponse.Page<Exchange> page = v2Exchanges();
        Map<String, Exchange> exchanges = byId(page.items(), Exchange::exchangeId);

        assertThat(exchanges.get("quadrigacx").exchangeUrl()).isNull();
        assertThat(exchanges.get("binance").exchangeUrl()).isEqualTo("https://www.binance.com/");
        assertThat(page.drift().missing()).isEqualTo(Map.of("exchangeUrl", 1));
    }

    @Test
    void reads2018StringCountsSocketAndUpdated() {
        Exchange binance = v2Exchanges().items().get(0);

        assertThat(binance).isEqualTo(new Exchange(
                "binance", "Binance", 1,
                new BigDecimal("16.903238293498432712000000000000000000"),
                new BigDecimal("1174832934.7394028401632510"),
                393, Boolean.FALSE, "https://www.binance.com/",
                Instant.ofEpochMilli(1536595175000L)));
        assertThat(v2Exchanges().items().get(2).rank()).isEqualTo(27);
        assertThat(v2Exchanges().timestamp()).contains(Instant.ofEpochMilli(1536595207482L));
    }

    @Test
    void readsV3ExchangesKeyedExchangeId() {
        ParsedResponse.Page<Exchange> page = v3Exchanges();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.items()).extracting(Exchange::exchangeId).containsExactly("binance", "binanceus", "itbit");
        Exchange binance = page.items().get(0);
        assertThat(binance.socket()).isTrue();
        assertThat(binance.updated()).isEqualTo(Instant.ofEpochMilli(1756727991000L));
        assertThat(binance.volumeUsd()).isEqualTo(new BigDecimal("12481932401.218273049811200000"));
        assertThat(binance.tradingPairs()).isEqualTo(1432);
    }

    @Test
    void readsADeadExchangesNullsAsNullAndUpdatedZeroAsUnknown() {
        Exchange itbit = byId(v3Exchanges().items(), Exchange::exchangeId).get("itbit");

        assertThat(itbit).isEqualTo(new Exchange(
                "itbit", "itBit", 33, null, null, 0, null, "https://www.itbit.com/", null));
        assertThat(itbit.updated()).isNull();
        assertThat(itbit.socket()).isNull();
        assertThat(itbit.tradingPairs()).isZero();
    }
}
