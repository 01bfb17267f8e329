package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.byId;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Rate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /rates: odd ids, nullable symbols, and v3's documented JSON-number rateUsd. */
class RatePayloadTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    private ParsedResponse.Page<Rate> v2Rates() {
        return page(v2.parseList(Entity.RATE, Fixtures.read("v2-rates.json")));
    }

    @Test
    void keepsIdsWithParenthesesAndAccentsExactly() {
        ParsedResponse.Page<Rate> page = v2Rates();

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1536321600000L));
        assertThat(page.items()).extracting(Rate::id).containsExactly(
                "chilean-unit-of-account-(uf)",
                "s\u00e3o-tom\u00e9-and-pr\u00edncipe-dobra-(pre-2018)",
                "bitcoin", "tether", "barbadian-dollar", "south-korean-won", "ves");
    }

    @Test
    void readsCurrencySymbolNullExactlyWhereSentNullAndKeepsTheBitcoinSign() {
        Map<String, Rate> rates = byId(v2Rates().items(), Rate::id);

        assertThat(rates.get("bitcoin").currencySymbol()).isEqualTo("\u20bf");
        assertThat(rates.get("s\u00e3o-tom\u00e9-and-pr\u00edncipe-dobra-(pre-2018)").currencySymbol()).isEqualTo("Db");
        assertThat(rates.get("barbadian-dollar").currencySymbol()).isEqualTo("$");
        assertThat(rates.get("chilean-unit-of-account-(uf)").currencySymbol()).isNull();
        assertThat(rates.get("tether").currencySymbol()).isNull();
        assertThat(rates.get("south-korean-won").currencySymbol()).isNull();
        assertThat(rates.get("ves").currencySymbol()).isNull();
    }

    @Test
    void keepsTheTypeAsSentIncludingTheOddCryptoTypedVes() {
        Map<String, Rate> rates = byId(v2Rates().items(), Rate::id);

        assertThat(rates.get("bitcoin").type()).isEqualTo("crypto");
        assertThat(rates.get("tether").type()).isEqualTo("crypto");
        assertThat(rates.get("ves").type()).isEqualTo("crypto");
        assertThat(rates.get("chilean-unit-of-account-(uf)").type()).isEqualTo("fiat");
        assertThat(rates.get("south-korean-won").symbol()).isEqualTo("KRW");
    }

    @Test
    void readsRateUsdAtScaleSixteenFromTinyToLarge() {
        Map<String, Rate> rates = byId(v2Rates().items(), Rate::id);

        assertThat(rates.get("s\u00e3o-tom\u00e9-and-pr\u00edncipe-dobra-(pre-2018)").rateUsd())
                .isEqualTo(new BigDecimal("0.0000470137654700"));
        assertThat(rates.get("bitcoin").rateUsd()).isEqualTo(new BigDecimal("6441.6815718340870000"));
        assertThat(rates.get("barbadian-dollar").rateUsd()).isEqualTo(new BigDecimal("0.5000000000000000"));
        assertThat(rates.get("barbadian-dollar").rateUsd()).isNotEqualTo(new BigDecimal("0.5"));
        assertThat(rates.values()).allSatisfy(r -> assertThat(r.rateUsd().scale()).isEqualTo(16));
    }

    @Test
    void readsAJsonIntegerRateUsdAtScaleZero() {
        ParsedResponse.Page<Rate> page = page(v3.parseList(Entity.RATE, Fixtures.read("quirk-json-numbers-rates.json")));
        Rate bitcoin = byId(page.items(), Rate::id).get("bitcoin");

        assertThat(page.rejections()).isEmpty();
        assertThat(bitcoin.rateUsd()).isEqualTo(new BigDecimal("45000"));
        assertThat(bitcoin.rateUsd().scale()).isZero();
        assertThat(bitcoin.rateUsd().unscaledValue()).isEqualTo(BigInteger.valueOf(45000));
    }

    @Test
    void keepsTheScaleOfADecimalJsonNumberWithTrailingZeros() {
        ParsedResponse.Page<Rate> page = page(v3.parseList(Entity.RATE, Fixtures.read("quirk-json-numbers-rates.json")));
        Map<String, Rate> rates = byId(page.items(), Rate::id);
        Rate pound = rates.get("british-pound-sterling");

        assertThat(pound.rateUsd()).isEqualTo(new BigDecimal("1.2300"));
        assertThat(pound.rateUsd().scale()).isEqualTo(4);
        assertThat(pound.rateUsd()).isNotEqualTo(new BigDecimal("1.23"));
        assertThat(page.accepted().get(1).raw()).contains("\"rateUsd\":1.2300");
        assertThat(pound.currencySymbol()).isEqualTo("\u00a3");
        assertThat(rates.get("euro").rateUsd()).isEqualTo(new BigDecimal("1.083200000000000000"));
        assertThat(rates.get("euro").rateUsd().scale()).isEqualTo(18);
    }
}
