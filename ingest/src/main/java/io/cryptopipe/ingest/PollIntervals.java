package io.cryptopipe.ingest;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How often each entity is polled. Without a credit budget (the simulator, a keyless v2 base) the API is free and
 * the intervals follow how fast the data moves: assets every 10 s, the rest every 60 s. With a billed v3 key the
 * intervals make a day of polls fit the daily budget: assets, the prices everything else is read against, get half
 * of it and the other entities share the rest equally; an entity polled alone gets it all. An interval configured
 * explicitly always wins.
 */
public final class PollIntervals {
    static final Duration FREE_ASSETS = Duration.ofSeconds(10);
    static final Duration FREE_OTHERS = Duration.ofSeconds(60);
    /** A billed API is polled at most once a minute per entity, however large the budget. */
    static final Duration BILLED_FLOOR = Duration.ofSeconds(60);
    /**
     * Items a poll is expected to return, to estimate its pages: CoinCap lists about 2,000 assets, about 200 rates
     * (fiat and crypto), about 100 exchanges and some 10,000 markets. Estimates, not limits.
     */
    static final Map<String, Integer> EXPECTED_ITEMS =
            Map.of("assets", 2_000, "rates", 200, "exchanges", 100, "markets", 10_000);
    private static final long SECONDS_PER_DAY = 86_400;

    private PollIntervals() {
    }

    /**
     * @param entities          the entities to poll, in order (the result keeps it)
     * @param explicit          configured intervals by entity; these win
     * @param creditsPerDay     the daily credit budget when the API bills (v3 with a key); empty when free
     * @param creditsPerRequest credits one request is assumed to cost
     * @param pageSize          items per page ({@code limit})
     * @return entity to interval, for exactly {@code entities}
     */
    public static Map<String, Duration> resolve(List<String> entities, Map<String, Duration> explicit,
            Optional<Long> creditsPerDay, int creditsPerRequest, int pageSize) {
        Map<String, Duration> intervals = new LinkedHashMap<>();
        int others = (int) entities.stream().filter(e -> !e.equals("assets")).count();
        for (String entity : entities) {
            Duration interval = explicit.get(entity);
            if (interval == null) {
                interval = creditsPerDay.isEmpty() ? (entity.equals("assets") ? FREE_ASSETS : FREE_OTHERS)
                        : billed(entity, shareDivisor(entity, entities.contains("assets"), others),
                                creditsPerDay.get(), creditsPerRequest, pageSize);
            }
            intervals.put(entity, interval);
        }
        return Collections.unmodifiableMap(intervals);
    }

    /**
     * The entity gets 1/n of the budget; this is n: assets half (all when alone), the others equal parts of the
     * rest. A divisor rather than a fraction keeps the arithmetic exact.
     */
    private static long shareDivisor(String entity, boolean withAssets, int others) {
        if (entity.equals("assets")) {
            return others == 0 ? 1 : 2;
        }
        return (withAssets ? 2L : 1L) * others;
    }

    /** The interval at which a day of this entity's polls costs its share of the budget. */
    private static Duration billed(String entity, long shareDivisor, long creditsPerDay, int creditsPerRequest,
            int pageSize) {
        long credits = Math.max(1, creditsPerDay);
        long seconds = (SECONDS_PER_DAY * requestsPerPoll(entity, pageSize) * creditsPerRequest * shareDivisor
                + credits - 1) / credits;
        return Duration.ofSeconds(Math.max(BILLED_FLOOR.toSeconds(), seconds));
    }

    /**
     * Requests one poll is expected to cost: {@code /rates} is one unpaged request; a paged resource is read until
     * a short page, so n items cost {@code floor(n / pageSize) + 1} requests: ceil(n / pageSize) pages, plus the
     * empty page that ends the poll when n fills its pages exactly (2,000 assets: the full page, then an empty one).
     */
    public static int requestsPerPoll(String entity, int pageSize) {
        if (entity.equals("rates")) {
            return 1;
        }
        int expected = EXPECTED_ITEMS.getOrDefault(entity, pageSize);
        return expected / pageSize + 1;
    }
}
