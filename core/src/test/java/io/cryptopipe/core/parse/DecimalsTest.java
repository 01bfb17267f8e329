package io.cryptopipe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Decimals#parse}: exact digits and scale, bounded, and a reason instead of an exception. */
class DecimalsTest {

    private static Optional<BigDecimal> parse(String text, StringBuilder problem) {
        return Decimals.parse(text, problem);
    }

    private static BigDecimal accepted(String text) {
        StringBuilder problem = new StringBuilder();
        Optional<BigDecimal> value = parse(text, problem);
        assertThat(problem).as("problem for '%s'", text).isEmpty();
        return value.orElseThrow();
    }

    private static String rejected(String text) {
        StringBuilder problem = new StringBuilder();
        assertThat(parse(text, problem)).as("value for '%s'", text).isEmpty();
        assertThat(problem).as("problem for '%s'", text).isNotEmpty();
        return problem.toString();
    }

    @Test
    void keepsTrailingZerosAsScale() {
        assertThat(accepted("1.2300")).isEqualTo(new BigDecimal("1.2300"));
        assertThat(accepted("1.2300").scale()).isEqualTo(4);
        assertThat(accepted("0.0000000000000000").scale()).isEqualTo(16);
        assertThat(accepted("2942.230000000000018190").scale()).isEqualTo(18);
    }

    @Test
    void readsExponentFormsAsUnscaledDigitsAndShiftedScale() {
        BigDecimal small = accepted("4.1e-7");
        assertThat(small.unscaledValue()).isEqualTo(BigInteger.valueOf(41));
        assertThat(small.scale()).isEqualTo(8);

        BigDecimal zero = accepted("0E-16");
        assertThat(zero.signum()).isZero();
        assertThat(zero.scale()).isEqualTo(16);

        BigDecimal big = accepted("1.5E+3");
        assertThat(big.unscaledValue()).isEqualTo(BigInteger.valueOf(15));
        assertThat(big.scale()).isEqualTo(-2);
    }

    @Test
    void acceptsASignAndADigitOnOnlyOneSideOfThePoint() {
        assertThat(accepted("+5")).isEqualTo(new BigDecimal("5"));
        assertThat(accepted("-12")).isEqualTo(new BigDecimal("-12"));
        assertThat(accepted(".5")).isEqualTo(new BigDecimal("0.5"));
        assertThat(accepted("5.")).isEqualTo(new BigDecimal("5"));
        assertThat(accepted("5.").scale()).isZero();
        assertThat(accepted("-.5e-3")).isEqualTo(new BigDecimal("-0.0005"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "0x1A", "1,000.00", " 1", "1 ", "-", "+", ".", "e5",
        "1e", "1e+", "1.2.3", "--1", "1e5.5", "abc", "null", "\u0661\u0662", "\uff11\uff12", "1_000"})
    void rejectsTextThatIsNotAPlainDecimalWithAReason(String text) {
        assertThat(rejected(text)).isEqualTo("not a decimal: '" + text + "'");
    }

    @Test
    void rejectsTheEmptyString() {
        assertThat(rejected("")).isEqualTo("empty string is not a decimal");
    }

    @Test
    void rejectsStringsLongerThanTheLengthBoundBeforeParsing() {
        assertThat(rejected("1".repeat(Decimals.MAX_LENGTH + 1)))
                .isEqualTo("decimal string longer than 400 characters");
    }

    @Test
    void acceptsTwoHundredSignificantDigitsAndRejectsMore() {
        assertThat(accepted("9".repeat(Decimals.MAX_PRECISION)).precision()).isEqualTo(200);
        assertThat(rejected("9".repeat(Decimals.MAX_PRECISION + 1)))
                .isEqualTo("decimal out of range (precision 201, scale 0)");
    }

    @Test
    void acceptsScalesUpToAThousandEitherWayAndRejectsBeyond() {
        assertThat(accepted("1e-1000").scale()).isEqualTo(1000);
        assertThat(accepted("1e1000").scale()).isEqualTo(-1000);
        assertThat(rejected("1e-1001")).isEqualTo("decimal out of range (precision 1, scale 1001)");
        assertThat(rejected("1e1001")).isEqualTo("decimal out of range (precision 1, scale -1001)");
    }

    @Test
    void rejectsExponentsBeyondBigDecimalWithAReasonInsteadOfThrowing() {
        assertThat(rejected("1e99999999999")).isEqualTo("decimal out of range: '1e99999999999'");
        assertThat(rejected("1e-2147483648")).isEqualTo("decimal out of range: '1e-2147483648'");
        assertThat(rejected("1e2147483647")).startsWith("decimal out of range (precision 1");
    }

    @Test
    void checksBoundsOfValuesThatArrivedAsJsonNumbers() {
        StringBuilder problem = new StringBuilder();
        assertThat(Decimals.checkBounds(new BigDecimal("1.2300"), problem)).contains(new BigDecimal("1.2300"));
        assertThat(problem).isEmpty();
        assertThat(Decimals.checkBounds(new BigDecimal(BigInteger.ONE, 1001), problem)).isEmpty();
        assertThat(problem.toString()).isEqualTo("decimal out of range (precision 1, scale 1001)");
    }
}
