package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.byId;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.AssetMarket;
import io.cryptopipe.core.model.Market;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /markets and /assets/{id}/markets: nullable volumes and counts, zero strings, stale and unknown times. */
class MarketPayloadTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    private ParsedResponse.Page<Market> v2Markets() {
        return page(v2.parseList(Entity.MARKET, Fixtures.read("v2-markets.json")));
    }

    private Map<String, Market> byExchange() {
        return byId(v2Markets().items(), Market::exchangeId);
    }

    @Test
    void acceptsEveryMarketWithSlugExchangeIdsAndNoDrift() {
        ParsedResponse.Page<Market> page = v2Markets();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.items()).extracting(Market::key).containsExactly(
                "bitstamp/bitcoin/united-states-dollar",
                "upbit/bitcoin/south-korean-won",
                "openexchangerates/united-states-dollar/bangladeshi-taka",
                "acx/ethereum/bitcoin",
                "idex/aurora-dao/ethereum");
        assertThat(page.items()).extracting(Market::rank).containsExactly(1, 1, 1, 3, 41);
    }

    @Test
    void readsTradesCountNullExactlyWhereSentNull() {
        Map<String, Market> markets = byExchange();

        assertThat(markets.get("bitstamp").tradesCount24Hr()).isEqualTo(10931L);
        assertThat(markets.get("idex").tradesCount24Hr()).isZero();
        assertThat(markets.get("upbit").tradesCount24Hr()).isNull();
        assertThat(markets.get("openexchangerates").tradesCount24Hr()).isNull();
        assertThat(markets.get("acx").tradesCount24Hr()).isNull();
    }

    @Test
    void readsTheOpenExchangeRatesPseudoExchangeWithNullVolumeAndShare() {
        Market oxr = byExchange().get("openexchangerates");

        assertThat(oxr.volumeUsd24Hr()).isNull();
        assertThat(oxr.percentExchangeVolume()).isNull();
        assertThat(oxr.priceQuote()).isEqualTo(new BigDecimal("84.4550000000000000"));
        assertThat(oxr.priceUsd()).isEqualTo(new BigDecimal("1.0000000000000000"));
        assertThat(oxr.baseSymbol()).isEqualTo("USD");
        assertThat(oxr.quoteSymbol()).isEqualTo("BDT");
    }

    @Test
    void readsZeroVolumeStringsAsZeroAtScaleSixteenNotNull() {
        Market acx = byExchange().get("acx");

        assertThat(acx.volumeUsd24Hr()).isEqualTo(new BigDecimal("0.0000000000000000"));
        assertThat(acx.volumeUsd24Hr().scale()).isEqualTo(16);
        assertThat(acx.volumeUsd24Hr().signum()).isZero();
        assertThat(acx.percentExchangeVolume()).isEqualTo(new BigDecimal("0.0000000000000000"));
        assertThat(acx.priceQuote()).isEqualTo(new BigDecimal("0.0584300000000000"));
    }

    @Test
    void keepsMillionsInKrwPriceQuotes() {
        Market upbit = byExchange().get("upbit");

        assertThat(upbit.priceQuote()).isEqualTo(new BigDecimal("7792000.0000000000000000"));
        assertThat(upbit.priceQuote().scale()).isEqualTo(16);
        assertThat(upbit.priceUsd()).isEqualTo(new BigDecimal("6952.8327619513610000"));
    }

    @Test
    void keepsAStaleUpdatedTimeAsSent() {
        ParsedResponse.Page<Market> page = v2Markets();
        Market idex = byExchange().get("idex");

        assertThat(idex.updated()).isEqualTo(Instant.ofEpochMilli(1529831580000L));
        assertThat(Duration.between(idex.updated(), page.timestamp().orElseThrow())).isGreaterThan(Duration.ofDays(40));
        assertThat(byExchange().get("bitstamp").updated()).isEqualTo(Instant.ofEpochMilli(1533581520000L));
    }

    @Test
    void readsUpdatedZeroAsUnknownAndAnAbsentUpdatedAsNullCountedMissing() {
        ParsedResponse.Page<Market> page = page(v3.parseList(Entity.MARKET, Fixtures.read("quirk-updated-zero.json")));
        Market xrp = page.items().get(0);
        Market btc = page.items().get(1);

        assertThat(page.rejections()).isEmpty();
        assertThat(xrp.updated()).isNull();
        assertThat(btc.updated()).isNull();
        assertThat(page.drift().missing()).isEqualTo(Map.of("updated", 1));
        assertThat(page.drift().unknown()).isEmpty();
        assertThat(xrp.priceQuote()).isEqualTo(new BigDecimal("0.0000000000000000"));
        assertThat(xrp.priceUsd()).isEqualTo(new BigDecimal("0.0000000000000000"));
        assertThat(xrp.tradesCount24Hr()).isNull();
        assertThat(btc.tradesCount24Hr()).isEqualTo(18342L);
        assertThat(btc.priceQuote()).isEqualTo(new BigDecimal("108612.450000000000000000"));
    }

    @Test
    void keepsDisplayNamesInAssetMarketsExchangeIdVerbatim() {
        ParsedResponse.Page<AssetMarket> page =
                page(v2.parseList(Entity.ASSET_MARKET, Fixtures.read("v2-asset-bitcoin-markets.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.items()).extracting(AssetMarket::exchangeName)
                .containsExactly("Binance", "Okex", "Coinbase Pro", "Bit-Z");
        assertThat(page.items().get(2)).isEqualTo(new AssetMarket(
                "Coinbase Pro", "bitcoin", "united-states-dollar", "BTC", "USD",
                new BigDecimal("52738293.1947610000000000"),
                new BigDecimal("6601.0100000000000000"),
                new BigDecimal("5.0395827364019100")));
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1539248400000L));
    }
}
