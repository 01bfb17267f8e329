package io.cryptopipe.simulator;

/**
 * Stateless, seeded pseudo-random numbers addressed by coordinates, so any value of the simulated market at any
 * time can be computed directly, in any order, and always the same for the same seed.
 */
final class Noise {
    private final long seed;

    Noise(long seed) {
        this.seed = seed;
    }

    /** A uniform value in [-1, 1) for the coordinates. */
    double signed(long a, long b, long c) {
        return unit(a, b, c) * 2 - 1;
    }

    /** A uniform value in [0, 1) for the coordinates. */
    double unit(long a, long b, long c) {
        long h = mix(seed ^ mix(a * 0x9E3779B97F4A7C15L + mix(b * 0xC2B2AE3D27D4EB4FL + mix(c + 0x165667B19E3779F9L))));
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: a bijective, well-distributed 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
