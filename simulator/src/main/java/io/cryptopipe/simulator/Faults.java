package io.cryptopipe.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides which faults of a {@link FaultPlan} strike. Every decision comes from one random stream seeded from the
 * simulator's seed and consumed in request order, so the same seed and the same sequence of requests meet the same
 * faults. Only faults with a non-zero probability draw from the stream, so enabling one fault does not reshuffle
 * another's. Thread-safe: decisions are serialised on this object.
 */
final class Faults {
    /** Separates this stream from the market's, which is seeded from the same seed. */
    private static final long STREAM_SALT = 0x6A09E667F3BCC909L;
    private static final RestFault.Kind[] SERVER_ERRORS =
            {RestFault.Kind.SERVER_ERROR, RestFault.Kind.BAD_GATEWAY, RestFault.Kind.UNAVAILABLE};

    private final FaultPlan plan;
    private final SplittableRandom random;
    /** Requests still to answer 429 in the current storm; guarded by {@code this}. */
    private int stormLeft;

    Faults(FaultPlan plan, long seed) {
        this.plan = plan;
        this.random = new SplittableRandom(Noise.mix(seed ^ STREAM_SALT));
    }

    FaultPlan plan() {
        return plan;
    }

    /**
     * The fate of the next REST request under /v2 or /v3. Precedence: a running 429 storm, a new 429, a 5xx,
     * the v2 notice (v2 only), a malformed body, a truncated body; a stall may come with any of them.
     */
    synchronized RestFault decide(Version version) {
        if (plan.isNone()) {
            return RestFault.NONE;
        }
        RestFault.Kind kind = kind(version);
        boolean stall = hit(plan.slow());
        return kind == RestFault.Kind.NONE && !stall ? RestFault.NONE
                : new RestFault(kind, stall ? plan.slowFor() : Duration.ZERO);
    }

    private RestFault.Kind kind(Version version) {
        if (stormLeft > 0) {
            stormLeft--;
            return RestFault.Kind.TOO_MANY_REQUESTS;
        }
        if (hit(plan.tooManyRequests())) {
            stormLeft = plan.burst() - 1;
            return RestFault.Kind.TOO_MANY_REQUESTS;
        }
        if (hit(plan.serverError())) {
            return SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
        }
        if (version == Version.V2 && hit(plan.deprecated())) {
            return RestFault.Kind.DEPRECATED;
        }
        if (hit(plan.malformed())) {
            return random.nextBoolean() ? RestFault.Kind.MALFORMED_HTML : RestFault.Kind.MALFORMED_CUT;
        }
        return hit(plan.truncate()) ? RestFault.Kind.TRUNCATE : RestFault.Kind.NONE;
    }

    /**
     * Applies the per-item faults to the rows of a successful answer, in place and before they are written, and
     * says what each item will be served as. Keys are read before corruption, so a spoiled item keeps its key.
     */
    List<ServedItem> shape(ItemKind kind, List<Map<String, Object>> rows) {
        if (plan.badItems() == 0 && plan.extraFields() == 0) {
            return rows.stream().map(row -> new ServedItem(kind.key(row), false)).toList();
        }
        synchronized (this) {
            return rows.stream().map(row -> shapeOne(kind, row)).toList();
        }
    }

    /** Caller holds the lock. */
    private ServedItem shapeOne(ItemKind kind, Map<String, Object> row) {
        String key = kind.key(row);
        boolean corrupted = false;
        if (hit(plan.badItems())) {
            List<Corruption> possible = Corruption.applicable(kind, row);
            if (!possible.isEmpty()) {
                possible.get(random.nextInt(possible.size())).apply(kind, row);
                corrupted = true;
            }
        }
        if (hit(plan.extraFields())) {
            row.put("simExtra", "1");
        }
        return new ServedItem(key, corrupted);
    }

    /** Caller holds the lock. */
    private boolean hit(double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }
}
