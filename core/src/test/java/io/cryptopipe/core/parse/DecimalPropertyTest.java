package io.cryptopipe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Exactness and robustness of decimal reading, checked against an oracle computed from the generated components:
 * the unscaled value is the integer of the concatenated digits with the sign, the scale is the number of fraction
 * digits minus the exponent. {@code new BigDecimal(text)} is never used as the oracle.
 */
class DecimalPropertyTest {
    private static final Instant RECEIVED = Instant.ofEpochMilli(1533581535317L);
    private static final List<Entity<?>> ENTITIES =
            List.of(Entity.ASSET, Entity.RATE, Entity.EXCHANGE, Entity.MARKET, Entity.ASSET_MARKET, Entity.HISTORY);
    private static final List<CoinCapParser> PARSERS =
            List.of(new CoinCapParser(ApiShape.V2), new CoinCapParser(ApiShape.V3));
    private static final CoinCapParser V2 = PARSERS.get(0);

    /**
     * One decimal literal by its parts: {@code sign intDigits [. fracDigits] [e|E [expSign] 0..0 |exponent|]}.
     *
     * @param point    whether a decimal point is written (so {@code "5."} and {@code ".5"} occur)
     * @param marker   {@code ""} for no exponent, else {@code "e"} or {@code "E"}
     * @param expSign  {@code ""}, {@code "+"} or {@code "-"} as written; {@code "-"} negates the exponent
     * @param padding  leading zeros written before the exponent's digits
     */
    record Literal(String sign, String intDigits, boolean point, String fracDigits, String marker, String expSign,
                   int exponentMagnitude, int padding) {

        String text() {
            StringBuilder text = new StringBuilder(sign).append(intDigits);
            if (point) {
                text.append('.').append(fracDigits);
            }
            if (!marker.isEmpty()) {
                text.append(marker).append(expSign).append("0".repeat(padding)).append(exponentMagnitude);
            }
            return text.toString();
        }

        int exponent() {
            return marker.isEmpty() ? 0 : expSign.equals("-") ? -exponentMagnitude : exponentMagnitude;
        }

        /** Oracle: the digits as one integer, negated for a minus sign. */
        BigInteger expectedUnscaled() {
            BigInteger digits = new BigInteger(intDigits + fracDigits);
            return sign.equals("-") ? digits.negate() : digits;
        }

        /** Oracle: fraction digits minus exponent. */
        int expectedScale() {
            return fracDigits.length() - exponent();
        }
    }

    /** Any literal {@link Decimals#parse} documents: optional + or -, digits on either side of an optional point. */
    @Provide
    Arbitrary<Literal> decimalStrings() {
        Arbitrary<String> sign = Arbitraries.of("", "+", "-");
        Arbitrary<String> intDigits = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(60);
        Arbitrary<Boolean> point = Arbitraries.of(true, false);
        Arbitrary<String> fracDigits = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(60);
        Arbitrary<String> marker = Arbitraries.of("", "e", "E");
        Arbitrary<String> expSign = Arbitraries.of("", "+", "-");
        Arbitrary<Integer> magnitude = Arbitraries.integers().between(0, 300);
        Arbitrary<Integer> padding = Arbitraries.integers().between(0, 2);
        return Combinators.combine(sign, intDigits, point, fracDigits, marker, expSign, magnitude, padding)
                .as((s, i, p, f, m, es, mag, pad) -> new Literal(s, i, p, p ? f : "", m, es, mag, pad))
                .filter(l -> !(l.intDigits() + l.fracDigits()).isEmpty());
    }

    /** Literals that are also valid JSON numbers: no plus sign, no leading zeros, digits after any point. */
    @Provide
    Arbitrary<Literal> jsonNumbers() {
        Arbitrary<String> sign = Arbitraries.of("", "-");
        Arbitrary<String> intDigits = Arbitraries.oneOf(
                Arbitraries.just("0"),
                Combinators.combine(
                                Arbitraries.chars().range('1', '9'),
                                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(59))
                        .as((first, rest) -> first + rest));
        Arbitrary<Boolean> point = Arbitraries.of(true, false);
        Arbitrary<String> fracDigits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(60);
        Arbitrary<String> marker = Arbitraries.of("", "e", "E");
        Arbitrary<String> expSign = Arbitraries.of("", "+", "-");
        Arbitrary<Integer> magnitude = Arbitraries.integers().between(0, 300);
        Arbitrary<Integer> padding = Arbitraries.integers().between(0, 2);
        return Combinators.combine(sign, intDigits, point, fracDigits, marker, expSign, magnitude, padding)
                .as((s, i, p, f, m, es, mag, pad) -> new Literal(s, i, p, p ? f : "", m, es, mag, pad));
    }

    @Property(tries = 10000)
    void decimalsParseKeepsEveryDigitAndTheScale(@ForAll("decimalStrings") Literal literal) {
        StringBuilder problem = new StringBuilder();

        Optional<BigDecimal> value = Decimals.parse(literal.text(), problem);

        assertThat(problem).as(literal.text()).isEmpty();
        assertThat(value).isPresent();
        assertExact(value.get(), literal);
    }

    @Property(tries = 10000)
    void parserReadsADecimalStringFieldExactly(@ForAll("decimalStrings") Literal literal) {
        String quoted = "\"" + literal.text() + "\"";

        assertAssetFieldsReadExactly(literal, quoted);
    }

    @Property(tries = 10000)
    void parserReadsARawJsonNumberExactly(@ForAll("jsonNumbers") Literal literal) {
        assertAssetFieldsReadExactly(literal, literal.text());
    }

    @Property(tries = 10000)
    void aJsonNumberBeyondBigDecimalCostsOnlyItsItemAndTheOtherNumbersStayExact(
            @ForAll("jsonNumbers") Literal literal,
            @ForAll @IntRange(min = 1, max = 9) int mantissa,
            @ForAll boolean negativeExponent,
            @ForAll @LongRange(min = 2_147_483_648L, max = 999_999_999_999_999L) long exponent) {
        String absurd = mantissa + "e" + (negativeExponent ? "-" : "") + exponent;
        String body = "{\"data\":[" + assetItem("probe-absurd", absurd, "\"1.0000000000000000\"") + ","
                + assetItem("probe-change", "\"1.0000000000000000\"", literal.text()) + "],\"timestamp\":1}";

        ParsedResponse.Page<Asset> page = Responses.page(V2.parseList(Entity.ASSET, body));

        assertThat(page.items()).hasSize(1);
        assertExact(page.items().get(0).changePercent24Hr(), literal);
        assertThat(page.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
            assertThat(r.field()).isEqualTo("priceUsd");
            assertThat(r.rawItem()).contains(absurd);
        });
    }

    @Property(tries = 10000)
    void priceFramesReadStringAndNumberPricesExactly(@ForAll("jsonNumbers") Literal literal) {
        String frame = "{\"s\":\"" + literal.text() + "\",\"n\":" + literal.text() + "}";

        PriceFrame parsed = V2.parsePriceFrame(frame, RECEIVED);

        PriceFrame.Ticks ticks = Responses.ticks(parsed);
        if (literal.expectedUnscaled().signum() < 0) {
            assertThat(ticks.ticks()).isEmpty();
            assertThat(ticks.rejections()).extracting(Rejection::code)
                    .containsExactly(RejectCode.NEGATIVE, RejectCode.NEGATIVE);
        } else {
            assertThat(ticks.rejections()).isEmpty();
            assertThat(ticks.ticks()).hasSize(2).allSatisfy(tick -> {
                assertThat(tick.ts()).isEqualTo(RECEIVED);
                assertExact(tick.priceUsd(), literal);
            });
        }
    }

    @Property(tries = 10000)
    void arbitraryStringsNeverMakeDecimalsParseThrow(@ForAll String text) {
        assertParsesOrExplains(text);
    }

    @Property(tries = 10000)
    void stringsOfDecimalCharactersNeverMakeDecimalsParseThrow(
            @ForAll @StringLength(max = 40) @Chars({'.', 'e', 'E', '+', '-', ' ', 'N', 'a'}) @CharRange(from = '0', to = '9')
            String text) {
        assertParsesOrExplains(text);
    }

    @Property(tries = 10000)
    void arbitraryStringsNeverMakeTheParserThrow(@ForAll String text) {
        String asJsonString = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        String item = assetItem("probe", asJsonString, "\"0.5\"");
        String body = "{\"data\":[" + item + "],\"timestamp\":1533581535317}";

        for (CoinCapParser parser : PARSERS) {
            parseEverywhere(parser, text);
            parseEverywhere(parser, body);
            assertThat(parser.parseOne(Entity.ASSET, "{\"data\":" + item + "}")).isNotNull();
            assertThat(parser.parsePriceFrame("{\"bitcoin\":" + asJsonString + "}", RECEIVED)).isNotNull();
        }
    }

    @Property(tries = 10000)
    void corruptedFixturesNeverMakeTheParserThrow(@ForAll("corruptedFixtures") String body) {
        for (CoinCapParser parser : PARSERS) {
            parseEverywhere(parser, body);
        }
    }

    /** A fixture cut short, or with one character deleted, replaced or inserted at a random place. */
    @Provide
    Arbitrary<String> corruptedFixtures() {
        Arbitrary<String> fixture = Arbitraries.of(Fixtures.ALL).map(Fixtures::read);
        Arbitrary<Integer> edit = Arbitraries.integers().between(0, 3);
        Arbitrary<Double> where = Arbitraries.doubles().between(0.0, 1.0);
        Arbitrary<Character> character = Arbitraries.of(
                '{', '}', '[', ']', '"', ',', ':', '\\', '-', '.', 'e', '0', '9', 'n', ' ', '\u0000', '\u20bf');
        return Combinators.combine(fixture, edit, where, character).as((text, op, at, c) -> {
            int i = (int) Math.floor(at * text.length());
            return switch (op) {
                case 0 -> text.substring(0, i);
                case 1 -> i < text.length() ? text.substring(0, i) + text.substring(i + 1) : text;
                case 2 -> i < text.length() ? text.substring(0, i) + c + text.substring(i + 1) : text + c;
                default -> text.substring(0, i) + c + text.substring(i);
            };
        });
    }

    private static void assertParsesOrExplains(String text) {
        StringBuilder problem = new StringBuilder();
        Optional<BigDecimal> value = Decimals.parse(text, problem);
        assertThat(value.isPresent()).as("value xor problem for '%s'", text).isEqualTo(problem.isEmpty());
    }

    private static void parseEverywhere(CoinCapParser parser, String body) {
        for (Entity<?> entity : ENTITIES) {
            assertThat(parser.parseList(entity, body)).isNotNull();
            assertThat(parser.parseOne(entity, body)).isNotNull();
        }
        assertThat(parser.parsePriceFrame(body, RECEIVED)).isNotNull();
        assertThat(parser.parseError(500, body)).isNotNull();
    }

    /**
     * Puts {@code value} (JSON text) in {@code priceUsd} of one asset and in {@code changePercent24Hr} of another:
     * the price must be read exactly or, when negative, rejected as NEGATIVE with the raw item; the signed change
     * must always be read exactly.
     */
    private static void assertAssetFieldsReadExactly(Literal literal, String value) {
        String body = "{\"data\":[" + assetItem("probe-price", value, "\"1.0000000000000000\"") + ","
                + assetItem("probe-change", "\"1.0000000000000000\"", value) + "],\"timestamp\":1533581535317}";

        ParsedResponse.Page<Asset> page = Responses.page(V2.parseList(Entity.ASSET, body));

        Asset change = page.items().get(page.items().size() - 1);
        assertThat(change.id()).isEqualTo("probe-change");
        assertExact(change.changePercent24Hr(), literal);
        if (literal.expectedUnscaled().signum() < 0) {
            assertThat(page.items()).hasSize(1);
            Rejection rejection = page.rejections().get(0);
            assertThat(rejection.code()).isEqualTo(RejectCode.NEGATIVE);
            assertThat(rejection.field()).isEqualTo("priceUsd");
            assertThat(rejection.rawItem()).contains("\"id\":\"probe-price\"");
        } else {
            assertThat(page.rejections()).isEmpty();
            assertThat(page.items().get(0).id()).isEqualTo("probe-price");
            assertExact(page.items().get(0).priceUsd(), literal);
        }
    }

    private static String assetItem(String id, String priceUsd, String changePercent) {
        return "{\"id\":\"" + id + "\",\"rank\":\"7\",\"symbol\":\"PRB\",\"name\":\"Probe\","
                + "\"supply\":\"1000.0000000000000000\",\"maxSupply\":null,\"marketCapUsd\":\"1.0000000000000000\","
                + "\"volumeUsd24Hr\":\"0.0000000000000000\",\"priceUsd\":" + priceUsd
                + ",\"changePercent24Hr\":" + changePercent + ",\"vwap24Hr\":null}";
    }

    private static void assertExact(BigDecimal actual, Literal literal) {
        assertThat(actual).as("value of '%s'", literal.text()).isNotNull();
        assertThat(actual.unscaledValue()).as("unscaled value of '%s'", literal.text())
                .isEqualTo(literal.expectedUnscaled());
        assertThat(actual.scale()).as("scale of '%s'", literal.text()).isEqualTo(literal.expectedScale());
    }
}
