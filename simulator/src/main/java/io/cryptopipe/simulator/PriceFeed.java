package io.cryptopipe.simulator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the prices socket says: for a subscription, frames mapping some of the subscribed assets to their price at
 * the current simulated second. Like CoinCap's socket, a frame carries only part of the subscription (those with a
 * "fresh" price: here a random 30-70 %), prices are decimal strings of varying precision, and there is no envelope
 * or timestamp. Prices are the same function of time as REST's, so a frame agrees with {@code /assets} at that
 * second to within the frame's rounding.
 */
final class PriceFeed {
    /** Significant digits a frame keeps, e.g. {@code 85395.50527}. */
    static final int SIGNIFICANT_DIGITS = 10;
    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

    private final MarketState state;
    private final SimClock clock;
    private final Map<String, Integer> assetIndex = new HashMap<>();

    PriceFeed(MarketState state, SimClock clock) {
        this.state = state;
        this.clock = clock;
        state.universe.assets.forEach(a -> assetIndex.put(a.id(), a.index()));
    }

    /**
     * One frame's content.
     *
     * @param at     the simulated epoch milliseconds the prices are for
     * @param prices asset id to price, in subscription order
     */
    record Frame(long at, Map<String, String> prices) {
    }

    /**
     * The assets a subscription names: the known ids of a comma-separated list, in order and without repeats
     * (unknown ids are ignored, as CoinCap does), or every asset for {@code ALL}.
     */
    List<Integer> subscribe(String assets) {
        if (assets.trim().equalsIgnoreCase("ALL")) {
            return state.universe.assets.stream().map(Universe.Asset::index).toList();
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String id : assets.split(",")) {
            Integer index = assetIndex.get(id.trim());
            if (index != null) {
                chosen.add(index);
            }
        }
        return List.copyOf(chosen);
    }

    /** The next frame for a subscription: a random 30-70 % of it (at least one asset), priced now. */
    Frame next(List<Integer> subscribed, SplittableRandom random) {
        long now = clock.millis();
        long second = Math.floorDiv(now, 1000);
        Map<String, String> prices = new LinkedHashMap<>();
        for (int asset : subset(subscribed, random)) {
            prices.put(state.universe.assets.get(asset).id(), decimal(state.assetPrice(asset, second)));
        }
        return new Frame(now, prices);
    }

    /** A price as a frame writes it: 10 significant digits, no trailing zeros, never in exponent form. */
    static String decimal(double price) {
        BigDecimal rounded = new BigDecimal(price).round(ROUNDING).stripTrailingZeros();
        return rounded.toPlainString();
    }

    /** A random 30-70 % of the items (at least one when there are any), in their original order. */
    static List<Integer> subset(List<Integer> items, SplittableRandom random) {
        if (items.isEmpty()) {
            return List.of();
        }
        double share = 0.3 + 0.4 * random.nextDouble();
        int count = Math.max(1, (int) Math.round(share * items.size()));
        int[] positions = new int[items.size()];
        Arrays.setAll(positions, i -> i);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(positions.length - i);
            int swap = positions[i];
            positions[i] = positions[j];
            positions[j] = swap;
        }
        int[] picked = Arrays.copyOf(positions, count);
        Arrays.sort(picked);
        List<Integer> subset = new ArrayList<>(count);
        for (int p : picked) {
            subset.add(items.get(p));
        }
        return subset;
    }
}
