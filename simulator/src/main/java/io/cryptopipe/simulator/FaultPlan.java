package io.cryptopipe.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which failures the simulator injects, and how often: the misbehaviour a resilient CoinCap client must survive
 * (rate limiting, gateway errors, stalls, cut connections, bodies that are not what they claim, items that do not
 * parse, API drift, the v2 shutdown notice, and a prices socket that drops, stalls or refuses). Parsed from a spec
 * of comma-separated {@code name=value} pairs, e.g. {@code 429=0.2,429-burst=3,5xx=0.1,slow=0.1:2s,ws-drop=30s};
 * see {@link #FORM}. Probabilities are per REST request, except {@code bad-items} and {@code extra-fields}, which
 * are per served item.
 *
 * @param tooManyRequests probability that a request answers 429 ({@code 429=P})
 * @param burst           requests in one 429 storm, including the first ({@code 429-burst=N}, at least 1)
 * @param serverError     probability of a 500, 502 or 503 ({@code 5xx=P})
 * @param slow            probability of a stall before answering ({@code slow=P:DURATION})
 * @param slowFor         how long a stall lasts; {@link Duration#ZERO} when {@code slow} is 0
 * @param truncate        probability of a body cut short after announcing its full length ({@code truncate=P})
 * @param malformed       probability of a 200 whose body is not JSON ({@code malformed=P})
 * @param badItems        probability per item of a corrupted item ({@code bad-items=P})
 * @param extraFields     probability per item of an unknown field {@code simExtra} ({@code extra-fields=P})
 * @param deprecated      probability that a v2 request gets the v2 end-of-life notice ({@code deprecated=P})
 * @param wsDrop          connected time after which the prices socket is cut without a close frame; null: never
 * @param wsSilence       connected time after which the prices socket stops sending; null: never
 * @param wsUnauthorized  whether the prices socket refuses every connection with v3's {@code Unauthorized} frame
 */
public record FaultPlan(double tooManyRequests, int burst, double serverError, double slow, Duration slowFor,
        double truncate, double malformed, double badItems, double extraFields, double deprecated,
        Duration wsDrop, Duration wsSilence, boolean wsUnauthorized) {

    /** No faults: the simulator behaves like a healthy CoinCap. */
    public static final FaultPlan NONE = new FaultPlan(0, 1, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, null, null, false);

    /** The expected form, quoted in every parse error. */
    public static final String FORM = "comma-separated name=value pairs such as 429=0.2,429-burst=3,5xx=0.1,"
            + "slow=0.1:2s,ws-drop=30s; names: 429=P, 429-burst=N, 5xx=P, slow=P:DURATION, truncate=P, malformed=P, "
            + "bad-items=P, extra-fields=P, deprecated=P, ws-drop=DURATION, ws-silence=DURATION, ws-unauthorized=1 "
            + "(P a probability 0..1, N a whole number 1-10000, DURATION such as 500ms, 2s, 1m30s)";

    private static final int MAX_BURST = 10_000;
    private static final Pattern PROBABILITY = Pattern.compile("(?:0|1)(?:\\.\\d+)?|\\.\\d+");
    private static final Pattern DURATION = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /** Validates ranges, so a plan built in code obeys the same rules as a parsed one. */
    public FaultPlan {
        for (double p : new double[] {tooManyRequests, serverError, slow, truncate, malformed, badItems,
                extraFields, deprecated}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("a fault probability must be within 0..1, got " + p);
            }
        }
        if (burst < 1 || burst > MAX_BURST) {
            throw new IllegalArgumentException("429-burst must be 1-" + MAX_BURST + ", got " + burst);
        }
        if (slowFor == null || slowFor.isNegative() || (slow > 0 && slowFor.isZero())) {
            throw new IllegalArgumentException("slow needs a positive duration, got " + slowFor);
        }
        requirePositiveOrNull("ws-drop", wsDrop);
        requirePositiveOrNull("ws-silence", wsSilence);
    }

    /**
     * Reads a spec; blank means {@link #NONE}. Each name may appear once.
     *
     * @throws IllegalArgumentException naming the bad part and giving {@link #FORM}
     */
    public static FaultPlan parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Builder builder = new Builder();
        Set<String> seen = new HashSet<>();
        for (String part : spec.split(",", -1)) {
            String trimmed = part.trim();
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw bad(trimmed, "not a name=value pair");
            }
            String name = trimmed.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw bad(trimmed, name + " is given more than once");
            }
            builder.set(name, trimmed.substring(eq + 1).trim(), trimmed);
        }
        return builder.build();
    }

    /** True when nothing is injected. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** The spec this plan parses from, in canonical order; empty for {@link #NONE}. */
    public String spec() {
        StringBuilder sb = new StringBuilder();
        appendProbability(sb, "429", tooManyRequests);
        if (burst > 1) {
            append(sb, "429-burst", Integer.toString(burst));
        }
        appendProbability(sb, "5xx", serverError);
        if (slow > 0) {
            append(sb, "slow", text(slow) + ":" + slowFor.toMillis() + "ms");
        }
        appendProbability(sb, "truncate", truncate);
        appendProbability(sb, "malformed", malformed);
        appendProbability(sb, "bad-items", badItems);
        appendProbability(sb, "extra-fields", extraFields);
        appendProbability(sb, "deprecated", deprecated);
        if (wsDrop != null) {
            append(sb, "ws-drop", wsDrop.toMillis() + "ms");
        }
        if (wsSilence != null) {
            append(sb, "ws-silence", wsSilence.toMillis() + "ms");
        }
        if (wsUnauthorized) {
            append(sb, "ws-unauthorized", "1");
        }
        return sb.toString();
    }

    private static void appendProbability(StringBuilder sb, String name, double p) {
        if (p > 0) {
            append(sb, name, text(p));
        }
    }

    /** A probability as the grammar reads it: plain digits, no exponent, no trailing zeros. */
    private static String text(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        sb.append(sb.length() == 0 ? "" : ",").append(name).append('=').append(value);
    }

    private static void requirePositiveOrNull(String name, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(name + " needs a positive duration, got " + d);
        }
    }

    static double probability(String value, String part) {
        if (!PROBABILITY.matcher(value).matches() || Double.parseDouble(value) > 1) {
            throw bad(part, "'" + value + "' is not a probability from 0 to 1 (e.g. 0.05)");
        }
        return Double.parseDouble(value);
    }

    static Duration duration(String value, String part) {
        if (!DURATION.matcher(value).matches()) {
            throw bad(part, "'" + value + "' is not a duration such as 500ms, 2s or 1m30s");
        }
        Duration total = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(value);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        if (total.isZero()) {
            throw bad(part, "the duration must be positive");
        }
        return total;
    }

    static IllegalArgumentException bad(String part, String why) {
        return new IllegalArgumentException("bad fault '" + part + "': " + why + "; expected " + FORM);
    }

    /** Collects parsed values; each setter validates its own value so the error names the part. */
    private static final class Builder {
        private double tooManyRequests;
        private int burst = 1;
        private double serverError;
        private double slow;
        private Duration slowFor = Duration.ZERO;
        private double truncate;
        private double malformed;
        private double badItems;
        private double extraFields;
        private double deprecated;
        private Duration wsDrop;
        private Duration wsSilence;
        private boolean wsUnauthorized;

        void set(String name, String value, String part) {
            switch (name) {
                case "429" -> tooManyRequests = probability(value, part);
                case "429-burst" -> burst = burst(value, part);
                case "5xx" -> serverError = probability(value, part);
                case "slow" -> slow(value, part);
                case "truncate" -> truncate = probability(value, part);
                case "malformed" -> malformed = probability(value, part);
                case "bad-items" -> badItems = probability(value, part);
                case "extra-fields" -> extraFields = probability(value, part);
                case "deprecated" -> deprecated = probability(value, part);
                case "ws-drop" -> wsDrop = duration(value, part);
                case "ws-silence" -> wsSilence = duration(value, part);
                case "ws-unauthorized" -> wsUnauthorized = flag(value, part);
                default -> throw bad(part, "unknown fault '" + name + "'");
            }
        }

        private void slow(String value, String part) {
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw bad(part, "slow needs P:DURATION, e.g. slow=0.1:2s");
            }
            slow = probability(value.substring(0, colon), part);
            slowFor = duration(value.substring(colon + 1), part);
        }

        private static int burst(String value, String part) {
            if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_BURST) {
                throw bad(part, "'" + value + "' is not a whole number 1-" + MAX_BURST);
            }
            return Integer.parseInt(value);
        }

        private static boolean flag(String value, String part) {
            return switch (value) {
                case "1" -> true;
                case "0" -> false;
                default -> throw bad(part, "'" + value + "' is not 1 (on) or 0 (off)");
            };
        }

        FaultPlan build() {
            return new FaultPlan(tooManyRequests, burst, serverError, slow, slow > 0 ? slowFor : Duration.ZERO,
                    truncate, malformed, badItems, extraFields, deprecated, wsDrop, wsSilence, wsUnauthorized);
        }
    }
}
