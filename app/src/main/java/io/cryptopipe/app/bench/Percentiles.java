package io.cryptopipe.app.bench;

import java.util.Arrays;

/**
 * Exact percentiles of a few hundred latencies, by the nearest-rank method on the sorted samples (the p-th
 * percentile is the smallest sample with at least p % of the samples at or below it). A sorted array rather than
 * HdrHistogram: it is exact, and HdrHistogram is only on the runtime class path here (through Kafka).
 *
 * @param count how many samples
 */
record Percentiles(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** From durations in nanoseconds; {@link #NONE} when there are none. */
    static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(rank(sorted, 50)), ms(rank(sorted, 90)), ms(rank(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    boolean isEmpty() {
        return count == 0;
    }

    private static long rank(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
