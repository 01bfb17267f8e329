package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.byId;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quirks of reference section 6 on /assets: number forms, maxSupply variants, field drift. */
class AssetQuirksTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    @Test
    void readsLowerCaseExponentStringsExactly() {
        ParsedResponse.Page<Asset> page = page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-exponent-forms.json")));
        Asset pesetacoin = byId(page.items(), Asset::id).get("pesetacoin");

        assertThat(page.rejections()).isEmpty();
        assertThat(pesetacoin.priceUsd()).isEqualTo(new BigDecimal("4.1E-7"));
        assertThat(pesetacoin.priceUsd().unscaledValue()).isEqualTo(BigInteger.valueOf(41));
        assertThat(pesetacoin.priceUsd().scale()).isEqualTo(8);
        assertThat(pesetacoin.priceUsd().toPlainString()).isEqualTo("0.00000041");
    }

    @Test
    void readsZeroWithANegativeExponentAsZeroAtScaleSixteen() {
        ParsedResponse.Page<Asset> page = page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-exponent-forms.json")));
        Asset pesetacoin = byId(page.items(), Asset::id).get("pesetacoin");

        assertThat(pesetacoin.volumeUsd24Hr()).isEqualTo(new BigDecimal("0.0000000000000000"));
        assertThat(pesetacoin.volumeUsd24Hr().scale()).isEqualTo(16);
        assertThat(pesetacoin.volumeUsd24Hr().signum()).isZero();
        assertThat(pesetacoin.volumeUsd24Hr()).isNotEqualTo(BigDecimal.ZERO);
        assertThat(pesetacoin.changePercent24Hr()).isEqualTo(new BigDecimal("0E-16"));
        assertThat(pesetacoin.marketCapUsd()).isEqualTo(new BigDecimal("56.6680319200000000"));
    }

    @Test
    void readsUpperCaseAndPositiveExponentsAsShiftedScales() {
        ParsedResponse.Page<Asset> page = page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-exponent-forms.json")));
        Asset zeitcoin = byId(page.items(), Asset::id).get("zeitcoin");

        assertThat(zeitcoin.supply().unscaledValue()).isEqualTo(BigInteger.valueOf(355));
        assertThat(zeitcoin.supply().scale()).isEqualTo(-8);
        assertThat(zeitcoin.supply()).isEqualTo(new BigDecimal("3.55E+10"));
        assertThat(zeitcoin.maxSupply()).isEqualTo(new BigDecimal("9.9E+10"));
        assertThat(zeitcoin.priceUsd().unscaledValue()).isEqualTo(BigInteger.valueOf(37));
        assertThat(zeitcoin.priceUsd().scale()).isEqualTo(9);
        assertThat(zeitcoin.changePercent24Hr()).isEqualTo(new BigDecimal("-12.5"));
        assertThat(zeitcoin.changePercent24Hr().unscaledValue()).isEqualTo(BigInteger.valueOf(-125));
        assertThat(zeitcoin.changePercent24Hr().scale()).isEqualTo(1);
        assertThat(zeitcoin.volumeUsd24Hr()).isEqualTo(new BigDecimal("0.0000000000000000"));
    }

    @Test
    void readsJsonNumbersInsteadOfStringsWithTheirScale() {
        ParsedResponse.Page<Asset> page =
                page(v3.parseList(Entity.ASSET, Fixtures.read("quirk-json-numbers-assets.json")));
        Asset bitcoin = byId(page.items(), Asset::id).get("bitcoin");

        assertThat(page.rejections()).isEmpty();
        assertThat(bitcoin.rank()).isEqualTo(1);
        assertThat(bitcoin.supply()).isEqualTo(new BigDecimal("19916428"));
        assertThat(bitcoin.supply().scale()).isZero();
        assertThat(bitcoin.maxSupply()).isEqualTo(new BigDecimal("21000000"));
        assertThat(bitcoin.priceUsd()).isEqualTo(new BigDecimal("108643.06"));
        assertThat(bitcoin.priceUsd().scale()).isEqualTo(2);
        assertThat(bitcoin.marketCapUsd()).isEqualTo(new BigDecimal("2163781682189.68"));
        assertThat(bitcoin.changePercent24Hr()).isEqualTo(new BigDecimal("-0.9301457468924215"));
        assertThat(bitcoin.changePercent24Hr().scale()).isEqualTo(16);
        assertThat(bitcoin.vwap24Hr()).isEqualTo(new BigDecimal("109051.82947313834"));
        assertThat(bitcoin.vwap24Hr().scale()).isEqualTo(11);
    }

    @Test
    void readsJsonNumbersWithExponentsAndTrailingZerosWithTheirScale() {
        ParsedResponse.Page<Asset> page =
                page(v3.parseList(Entity.ASSET, Fixtures.read("quirk-json-numbers-assets.json")));
        Asset pesetacoin = byId(page.items(), Asset::id).get("pesetacoin");

        assertThat(pesetacoin.rank()).isEqualTo(1489);
        assertThat(pesetacoin.supply()).isEqualTo(new BigDecimal("138214712.0000000000000000"));
        assertThat(pesetacoin.supply().scale()).isEqualTo(16);
        assertThat(pesetacoin.volumeUsd24Hr()).isEqualTo(new BigDecimal("0E-16"));
        assertThat(pesetacoin.volumeUsd24Hr().scale()).isEqualTo(16);
        assertThat(pesetacoin.priceUsd().unscaledValue()).isEqualTo(BigInteger.valueOf(41));
        assertThat(pesetacoin.priceUsd().scale()).isEqualTo(8);
        assertThat(pesetacoin.explorer()).isNull();
        assertThat(pesetacoin.maxSupply()).isNull();
        assertThat(pesetacoin.tokens()).isNotNull().isEmpty();
    }

    @Test
    void keepsV3MaxSupplyZeroAsZeroAndNullAsNull() {
        ParsedResponse.Page<Asset> page =
                page(v3.parseList(Entity.ASSET, Fixtures.read("quirk-v3-maxsupply-zero.json")));
        Map<String, Asset> assets = byId(page.items(), Asset::id);

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(assets.get("ethereum").maxSupply()).isNotNull().isEqualTo(new BigDecimal("0"));
        assertThat(assets.get("ethereum").maxSupply().scale()).isZero();
        assertThat(assets.get("tether").maxSupply()).isNull();
    }

    @Test
    void readsAMissingMaxSupplyKeyAsNullAndCountsItMissing() {
        ParsedResponse.Page<Asset> page =
                page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-missing-maxsupply-key.json")));
        Map<String, Asset> assets = byId(page.items(), Asset::id);

        assertThat(page.rejections()).isEmpty();
        assertThat(assets.get("ethereum").maxSupply()).isNull();
        assertThat(assets.get("ethereum").explorer()).isEqualTo("https://etherscan.io/");
        assertThat(assets.get("bitcoin").maxSupply()).isEqualTo(new BigDecimal("21000000.0000000000000000"));
        assertThat(page.drift().missing()).isEqualTo(Map.of("maxSupply", 1));
        assertThat(page.drift().unknown()).isEmpty();
    }

    @Test
    void acceptsItemsWithUnknownFieldsAndCountsEachUnknownFieldPerItem() {
        ParsedResponse.Page<Asset> page = page(v3.parseList(Entity.ASSET, Fixtures.read("quirk-unknown-fields.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.items()).extracting(Asset::id).containsExactly("bitcoin", "ethereum");
        assertThat(page.drift().unknown()).isEqualTo(Map.of("logo", 2, "priceChange1Hr", 1));
        assertThat(page.drift().missing()).isEmpty();
        assertThat(page.accepted().get(0).raw()).contains("\"priceChange1Hr\":\"0.1283004711320531\"");
    }

    @Test
    void countsV3TokensAsUnknownDriftUnderTheV2ShapeButStillReadsThem() {
        ParsedResponse.Page<Asset> page = page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-unknown-fields.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().unknown()).isEqualTo(Map.of("logo", 2, "priceChange1Hr", 1, "tokens", 2));
        assertThat(page.items()).allSatisfy(a -> assertThat(a.tokens()).isNotNull().isEmpty());
    }

    @Test
    void countsAnAbsentTokensFieldAsMissingOnlyUnderTheV3Shape() {
        String body = Fixtures.read("quirk-missing-maxsupply-key.json");

        ParsedResponse.Page<Asset> asV3 = page(v3.parseList(Entity.ASSET, body));
        ParsedResponse.Page<Asset> asV2 = page(v2.parseList(Entity.ASSET, body));

        assertThat(asV3.drift().missing()).isEqualTo(Map.of("maxSupply", 1, "tokens", 2));
        assertThat(asV3.items()).allSatisfy(a -> assertThat(a.tokens()).isNull());
        assertThat(asV2.drift().missing()).isEqualTo(Map.of("maxSupply", 1));
    }
}
