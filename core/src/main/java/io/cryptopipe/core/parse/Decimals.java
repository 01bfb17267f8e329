package io.cryptopipe.core.parse;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Exact decimal parsing of CoinCap's number strings. Keeps every digit and the scale that was sent
 * ({@code "1.2300"} stays scale 4, {@code "0E-16"} is zero at scale 16, {@code "4.1e-7"} is 41 x 10^-8).
 *
 * <p>Bounds protect everything downstream from a hostile or broken value: a decimal may have at most
 * {@value #MAX_PRECISION} significant digits and a scale within +-{@value #MAX_SCALE}. Anything beyond is rejected,
 * never rounded.
 */
public final class Decimals {
    /** Longest string accepted; longer ones are rejected before parsing. */
    public static final int MAX_LENGTH = 400;
    /** Most significant digits kept. */
    public static final int MAX_PRECISION = 200;
    /** Largest absolute scale, i.e. the exponent range. */
    public static final int MAX_SCALE = 1000;

    private Decimals() {
    }

    /**
     * Parses one decimal string.
     *
     * @return the exact value, or empty with the reason in {@code problem} when the text is not a bounded decimal
     */
    public static Optional<BigDecimal> parse(String text, StringBuilder problem) {
        if (text.isEmpty()) {
            problem.append("empty string is not a decimal");
            return Optional.empty();
        }
        if (text.length() > MAX_LENGTH) {
            problem.append("decimal string longer than ").append(MAX_LENGTH).append(" characters");
            return Optional.empty();
        }
        if (!isDecimalSyntax(text)) {
            problem.append("not a decimal: '").append(text).append('\'');
            return Optional.empty();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            problem.append("decimal out of range: '").append(text).append('\'');
            return Optional.empty();
        }
        return checkBounds(value, problem);
    }

    /** Applies the precision and scale bounds to a value that arrived as a JSON number. */
    public static Optional<BigDecimal> checkBounds(BigDecimal value, StringBuilder problem) {
        if (value.precision() > MAX_PRECISION || Math.abs(value.scale()) > MAX_SCALE) {
            problem.append("decimal out of range (precision ").append(value.precision())
                    .append(", scale ").append(value.scale()).append(')');
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * JSON-number-like syntax with an optional leading sign and optional digits on one side of the point:
     * {@code -12}, {@code 0.5}, {@code .5}, {@code 5.}, {@code 4.1e-7}, {@code 0E-16}. Rejects what
     * {@link BigDecimal} would otherwise accept only by accident of its grammar (none today), and gives a reason
     * rather than an exception for {@code NaN}, {@code Infinity}, hex, blanks and thousands separators.
     */
    static boolean isDecimalSyntax(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(i) == '-' || s.charAt(i) == '+') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
