package io.cryptopipe.simulator;

/**
 * A random walk that is a pure function of (series, second): the log price is a sum of interpolated noise at
 * octaves of 1 s to about 6 days, each scaled by the square root of its span, which gives Brownian-like paths whose
 * past and future are equally cheap to evaluate. Live prices and {@code /history} therefore agree exactly.
 */
final class PricePath {
    /**
     * Octaves 2^0 .. 2^19 seconds (about 6 days): beyond a week the walk reverts to its base price, so a seeded
     * market keeps its shape (bitcoin stays the largest asset) however long it runs.
     */
    private static final int OCTAVES = 20;
    /** Measured standard deviation of the unscaled one-day change of the octave sum, over 10,000 samples. */
    private static final double ONE_DAY_STD = 1.91 * Math.sqrt(86_400.0 / 3.0);
    private static final double[] AMPLITUDE = new double[OCTAVES];
    /** Scales the octave sum so that {@code volatility} is roughly the daily standard deviation of log returns. */
    private static final double DAILY_SCALE;

    static {
        for (int level = 0; level < OCTAVES; level++) {
            AMPLITUDE[level] = Math.sqrt((double) (1L << level));
        }
        DAILY_SCALE = 1.0 / ONE_DAY_STD;
    }

    private final Noise noise;

    PricePath(Noise noise) {
        this.noise = noise;
    }

    /**
     * The price factor of a series at a second: {@code exp(volatility * walk)}, 1 on average.
     *
     * @param series     a stable id of the walk (an asset or rate index, with a namespace)
     * @param epochSecond the second of simulated time
     * @param volatility  roughly the daily standard deviation of log returns (0.04 = 4 %)
     */
    double factor(long series, long epochSecond, double volatility) {
        return Math.exp(volatility * DAILY_SCALE * walk(series, epochSecond));
    }

    private double walk(long series, long second) {
        double sum = 0;
        for (int level = 0; level < OCTAVES; level++) {
            long span = 1L << level;
            long knot = Math.floorDiv(second, span);
            double frac = (second - knot * span) / (double) span;
            double a = noise.signed(series, level, knot);
            double b = noise.signed(series, level, knot + 1);
            sum += AMPLITUDE[level] * (a + (b - a) * frac);
        }
        return sum;
    }
}
