package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a prices frame holds: part of the subscription, priced like REST at the same second, as short decimals. */
class PriceFeedTest {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00.750Z");
    final Universe universe = new Universe(3, 40, 5, 60);
    final MarketState state = new MarketState(universe, 3);
    final PriceFeed feed = new PriceFeed(state, new SimClock(Clock.fixed(NOW, ZoneOffset.UTC), 1));

    @Test
    void pricesAreTenSignificantDigitsWithoutTrailingZerosOrExponent() {
        assertThat(PriceFeed.decimal(85_395.505_271_234)).isEqualTo("85395.50527");
        assertThat(PriceFeed.decimal(3_110.192_063)).isEqualTo("3110.192063");
        assertThat(PriceFeed.decimal(1.0)).isEqualTo("1");
        assertThat(PriceFeed.decimal(0.000_012_345_678_912_3)).isEqualTo("0.00001234567891");
        assertThat(PriceFeed.decimal(123_456_789_012.5)).isEqualTo("123456789000");
    }

    @Test
    void subscriptionKeepsKnownIdsInOrderOnceAndAllMeansEveryAsset() {
        int bitcoin = index("bitcoin");
        int ethereum = index("ethereum");
        assertThat(feed.subscribe("ethereum, bitcoin,not-an-asset,bitcoin")).containsExactly(ethereum, bitcoin);
        assertThat(feed.subscribe("nope")).isEmpty();
        assertThat(feed.subscribe("ALL")).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aFrameCarriesThirtyToSeventyPercentOfTheSubscriptionInItsOrder() {
        List<Integer> all = IntStream.range(0, 100).boxed().toList();
        SplittableRandom random = new SplittableRandom(9);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<Integer> subset = PriceFeed.subset(all, random);
            assertThat(subset.size()).isBetween(30, 70);
            assertThat(subset).isSorted().doesNotHaveDuplicates();
            sizes.add(subset.size());
        }
        assertThat(sizes.stream().distinct().count()).as("sizes vary").isGreaterThan(20);
        assertThat(PriceFeed.subset(List.of(5), random)).containsExactly(5);
        assertThat(PriceFeed.subset(List.of(), random)).isEmpty();
    }

    @Test
    void framePricesAreTheMarketPriceAtTheCurrentSimulatedSecond() {
        PriceFeed.Frame frame = feed.next(feed.subscribe("ALL"), new SplittableRandom(1));
        assertThat(frame.at()).isEqualTo(NOW.toEpochMilli());
        assertThat(frame.prices()).isNotEmpty();
        long second = NOW.getEpochSecond();
        for (Map.Entry<String, String> e : frame.prices().entrySet()) {
            double expected = state.assetPrice(index(e.getKey()), second);
            assertThat(new BigDecimal(e.getValue()).doubleValue()).as(e.getKey())
                    .isCloseTo(expected, withinPercentage(1e-7));
            assertThat(e.getValue()).isEqualTo(PriceFeed.decimal(expected));
        }
    }

    @Test
    void theSameRandomStreamGivesTheSameFrames() {
        List<Integer> all = feed.subscribe("ALL");
        assertThat(feed.next(all, new SplittableRandom(4))).isEqualTo(feed.next(all, new SplittableRandom(4)));
    }

    private int index(String id) {
        return universe.assets.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow().index();
    }
}
