package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.byId;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real /assets shapes: the 2018 v2 list, the v3 list with tokens, and v2's single /assets/bitcoin. */
class AssetPayloadTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    private ParsedResponse.Page<Asset> v2List() {
        return page(v2.parseList(Entity.ASSET, Fixtures.read("v2-assets-2018.json")));
    }

    private ParsedResponse.Page<Asset> v3List() {
        return page(v3.parseList(Entity.ASSET, Fixtures.read("v3-assets.json")));
    }

    @Test
    void acceptsEvery2018AssetInResponseOrderWithTheEnvelopeTimestamp() {
        ParsedResponse.Page<Asset> page = v2List();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.warnings()).isEmpty();
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1533581535317L));
        assertThat(page.items()).extracting(Asset::id)
                .containsExactly("bitcoin", "ethereum", "tether", "vechain", "bitcoin-red");
        assertThat(page.items()).extracting(Asset::rank).containsExactly(1, 2, 9, 20, 801);
    }

    @Test
    void keepsTheScaleTheApiSent() {
        Asset bitcoin = v2List().items().get(0);

        assertThat(bitcoin.symbol()).isEqualTo("BTC");
        assertThat(bitcoin.name()).isEqualTo("Bitcoin");
        assertThat(bitcoin.supply()).isEqualTo(new BigDecimal("17193062.0000000000000000"));
        assertThat(bitcoin.supply().scale()).isEqualTo(16);
        assertThat(bitcoin.supply()).isNotEqualTo(new BigDecimal("17193062"));
        assertThat(bitcoin.maxSupply()).isEqualTo(new BigDecimal("21000000.0000000000000000"));
        assertThat(bitcoin.volumeUsd24Hr()).isEqualTo(new BigDecimal("3951007472.9580536423437620"));
        assertThat(bitcoin.priceUsd()).isEqualTo(new BigDecimal("6930.1696157711714273"));
        assertThat(bitcoin.priceUsd().scale()).isEqualTo(16);
        assertThat(bitcoin.changePercent24Hr()).isEqualTo(new BigDecimal("-1.4128924598430300"));
        assertThat(bitcoin.vwap24Hr()).isEqualTo(new BigDecimal("6973.4023716342030000"));
        assertThat(bitcoin.vwap24Hr().scale()).isEqualTo(16);
    }

    @Test
    void keepsTheTwentyNineCharacterMarketCapDigitForDigit() {
        BigDecimal marketCap = v2List().items().get(0).marketCapUsd();

        assertThat(marketCap).isEqualTo(new BigDecimal("119150835874.4699281625807300"));
        assertThat(marketCap.scale()).isEqualTo(16);
        assertThat(marketCap.precision()).isEqualTo(28);
        assertThat(marketCap.toPlainString()).isEqualTo("119150835874.4699281625807300").hasSize(29);
    }

    @Test
    void keepsAMicroscopicVolumeAtScaleSixteenWithoutNormalising() {
        Asset bitcoinRed = byId(v2List().items(), Asset::id).get("bitcoin-red");

        assertThat(bitcoinRed.volumeUsd24Hr()).isEqualTo(new BigDecimal("0.0000200000000000"));
        assertThat(bitcoinRed.volumeUsd24Hr().scale()).isEqualTo(16);
        assertThat(bitcoinRed.volumeUsd24Hr().unscaledValue()).isEqualTo(BigInteger.valueOf(200_000_000_000L));
        assertThat(bitcoinRed.volumeUsd24Hr()).isNotEqualTo(new BigDecimal("0.00002"));
    }

    @Test
    void readsMaxSupplyChangePercentAndVwapAsNullExactlyWhereSentNull() {
        Map<String, Asset> assets = byId(v2List().items(), Asset::id);

        assertThat(assets.get("ethereum").maxSupply()).isNull();
        assertThat(assets.get("tether").maxSupply()).isNull();
        assertThat(assets.get("vechain").maxSupply()).isEqualTo(new BigDecimal("86712634466.0000000000000000"));
        assertThat(assets.get("bitcoin-red").maxSupply()).isEqualTo(new BigDecimal("21000000.0000000000000000"));

        assertThat(assets.get("vechain").changePercent24Hr()).isNull();
        assertThat(assets.values()).filteredOn(a -> !a.id().equals("vechain"))
                .allSatisfy(a -> assertThat(a.changePercent24Hr()).isNotNull());
        assertThat(assets.get("tether").changePercent24Hr()).isEqualTo(new BigDecimal("0.0721404627385400"));

        assertThat(assets.get("bitcoin-red").vwap24Hr()).isNull();
        assertThat(assets.values()).filteredOn(a -> !a.id().equals("bitcoin-red"))
                .allSatisfy(a -> assertThat(a.vwap24Hr()).isNotNull());
    }

    @Test
    void readsThe2018AbsentExplorerAsNullAndCountsItMissingOncePerItem() {
        ParsedResponse.Page<Asset> page = v2List();

        assertThat(page.items()).allSatisfy(a -> {
            assertThat(a.explorer()).isNull();
            assertThat(a.tokens()).isNull();
        });
        assertThat(page.drift().missing()).isEqualTo(Map.of("explorer", 5));
        assertThat(page.drift().unknown()).isEmpty();
    }

    @Test
    void keepsEachAcceptedItemsRawJsonExactlyAsSent() {
        String body = Fixtures.read("v2-assets-2018.json");
        ParsedResponse.Page<Asset> page = v2List();

        assertThat(page.accepted()).hasSize(5).allSatisfy(accepted -> assertThat(body).contains(accepted.raw()));
        assertThat(page.accepted().get(0).raw())
                .startsWith("{\"id\":\"bitcoin\",\"rank\":\"1\"")
                .contains("\"marketCapUsd\":\"119150835874.4699281625807300\"");
    }

    @Test
    void readsV3EighteenDecimalFloatArtefactsDigitForDigit() {
        Map<String, Asset> assets = byId(v3List().items(), Asset::id);
        Asset bitcoin = assets.get("bitcoin");
        Asset ethereum = assets.get("ethereum");

        assertThat(ethereum.priceUsd()).isEqualTo(new BigDecimal("2942.230000000000018190"));
        assertThat(ethereum.priceUsd().scale()).isEqualTo(18);
        assertThat(ethereum.priceUsd()).isNotEqualTo(new BigDecimal("2942.23"));
        assertThat(ethereum.supply()).isEqualTo(new BigDecimal("120698402.560000002384185791"));
        assertThat(bitcoin.priceUsd()).isEqualTo(new BigDecimal("108643.059999999997671694"));
        assertThat(bitcoin.marketCapUsd()).isEqualTo(new BigDecimal("2163781682189.679931640625000000"));
        assertThat(bitcoin.marketCapUsd().scale()).isEqualTo(18);
        assertThat(assets.get("tether").priceUsd()).isEqualTo(new BigDecimal("1.000199999999999978"));
    }

    @Test
    void keepsTheUnpaddedV3ChangePercentAndVwapScales() {
        Asset bitcoin = byId(v3List().items(), Asset::id).get("bitcoin");

        assertThat(bitcoin.changePercent24Hr()).isEqualTo(new BigDecimal("-0.9301457468924215"));
        assertThat(bitcoin.changePercent24Hr().scale()).isEqualTo(16);
        assertThat(bitcoin.vwap24Hr()).isEqualTo(new BigDecimal("109051.82947313834"));
        assertThat(bitcoin.vwap24Hr().scale()).isEqualTo(11);
    }

    @Test
    void readsV3TokensAsChainIdToAddressesAndAnEmptyObjectAsAnEmptyMap() {
        Map<String, Asset> assets = byId(v3List().items(), Asset::id);

        assertThat(assets.get("bitcoin").tokens()).isNotNull().isEmpty();
        assertThat(assets.get("ethereum").tokens()).isNotNull().isEmpty();
        assertThat(assets.get("tether").tokens()).isEqualTo(Map.of(
                "1", List.of("0xdac17f958d2ee523a2206206994597c13d831ec7"),
                "10", List.of("0x94b008aa00579c1307b0ef2c499ad98a8ce58e58"),
                "56", List.of("0x55d398326f99059ff775485246999027b3197955"),
                "101", List.of("es9vmfrzacermjfrf4h2fyd4kconky11mcce8benwnyb"),
                "137", List.of("0xc2132d05d31c914a87c6611c10748aeb04b58e8f"),
                "42161", List.of("0xfd086bc7cd5c481dcc9c85ebe478a1c0b69fcbb9")));
        assertThat(assets.get("binance-coin").tokens())
                .isEqualTo(Map.of("1", List.of("0xb8c77482e45f1f44de1745f52c74426c631bdd52")));
    }

    @Test
    void readsV3NullMaxSupplyAsNullAndAMaxSupplyEqualToSupplyAsSent() {
        Map<String, Asset> assets = byId(v3List().items(), Asset::id);
        Asset bnb = assets.get("binance-coin");

        assertThat(assets.get("ethereum").maxSupply()).isNull();
        assertThat(assets.get("tether").maxSupply()).isNull();
        assertThat(assets.get("bitcoin").maxSupply()).isEqualTo(new BigDecimal("21000000.000000000000000000"));
        assertThat(bnb.maxSupply()).isEqualTo(new BigDecimal("139184891.270000010728836060"));
        assertThat(bnb.maxSupply()).isEqualTo(bnb.supply());
    }

    @Test
    void readsV3ExplorerUrlsAsSentAndReportsNoDrift() {
        ParsedResponse.Page<Asset> page = v3List();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1756728000000L));
        assertThat(page.items()).extracting(Asset::explorer).containsExactly(
                "https://blockchain.info/",
                "https://etherscan.io/",
                "https://www.omniexplorer.info/asset/31",
                "https://etherscan.io/token/0xB8c77482e45F1F44dE1745F52C74426C631bDD52");
    }

    @Test
    void readsTheSingleAssetObjectOfAssetsBitcoin() {
        ParsedResponse.Page<Asset> page = page(v2.parseOne(Entity.ASSET, Fixtures.read("v2-asset-bitcoin.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1650292200000L));
        assertThat(page.items()).containsExactly(new Asset(
                "bitcoin", 1, "BTC", "Bitcoin",
                new BigDecimal("19010843.0000000000000000"),
                new BigDecimal("21000000.0000000000000000"),
                new BigDecimal("770035786133.4617416203296577"),
                new BigDecimal("9847213847.3518731028474573"),
                new BigDecimal("40504.8227604018474169"),
                new BigDecimal("-0.4417207474402640"),
                new BigDecimal("40379.7264513017468891"),
                "https://blockchain.info/",
                null));
    }
}
