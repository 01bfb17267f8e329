package io.cryptopipe.simulator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The simulated market's values over time, as pure functions of (seed, time): prices move every simulated second
 * along {@link PricePath}s; volumes, trade counts and the rankings that depend on them change every simulated hour.
 * The last second and the last hour are cached, since a poll reads many pages at nearly the same time.
 */
final class MarketState {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long ASSET_SERIES = 1L << 40;
    private static final long RATE_SERIES = 2L << 40;
    private static final long MARKET_SERIES = 3L << 40;
    private static final long VOLUME_SERIES = 4L << 40;

    final Universe universe;
    private final Noise noise;
    private final PricePath path;
    private final double[] supply;
    private Second lastSecond;
    private Hour lastHour;

    MarketState(Universe universe, long seed) {
        this.universe = universe;
        this.noise = new Noise(seed);
        this.path = new PricePath(new Noise(Noise.mix(seed + 1)));
        this.supply = universe.assets.stream().mapToDouble(a -> Double.parseDouble(a.supply())).toArray();
    }

    /** Prices and asset ranks at one simulated second. */
    record Second(long epochSecond, double[] assetPrice, double[] assetPrice24hAgo, int[] assetsByRank,
            int[] assetRank, Hour hour) {
    }

    /** Volumes and the rankings they drive, fixed within one simulated hour. */
    record Hour(long hour, double[] assetVwap, double[] assetTurnover, double[] marketVolume, long[] marketTrades,
            int[] marketRank, int[] marketsByExchangeRank, double[] exchangeVolume, int[] exchangeMarkets,
            int[] exchangesByRank, int[] exchangeRank, double totalVolume) {
    }

    synchronized Second at(long epochSecond) {
        if (lastSecond == null || lastSecond.epochSecond() != epochSecond) {
            lastSecond = computeSecond(epochSecond);
        }
        return lastSecond;
    }

    /** An asset's USD price at a second; the same function serves live values and history. */
    double assetPrice(int asset, long epochSecond) {
        Universe.Asset a = universe.assets.get(asset);
        return a.basePrice() * path.factor(ASSET_SERIES + asset, epochSecond, a.volatility());
    }

    /** A rate's USD value at a second: fiat walks slowly; crypto rates are their asset's price. */
    double rateUsd(Universe.RateInfo rate, int rateIndex, long epochSecond) {
        if (rate.asset() >= 0) {
            return assetPrice(rate.asset(), epochSecond);
        }
        return rate.baseRate() * path.factor(RATE_SERIES + rateIndex, epochSecond, 0.004);
    }

    /** A market's USD price: its base asset's price with a small, moving spread. */
    double marketPriceUsd(Second s, int market) {
        Universe.MarketInfo m = universe.markets.get(market);
        return s.assetPrice()[m.base()] * (1 + m.spread() * noise.signed(MARKET_SERIES + market, s.epochSecond(), 0));
    }

    /** Milliseconds of an update lag in [0, 60 s), or the market's fixed staleness. */
    long marketLagMillis(int market, long epochSecond) {
        Universe.MarketInfo m = universe.markets.get(market);
        return m.staleSeconds() > 0 ? m.staleSeconds() * 1_000
                : (long) (noise.unit(MARKET_SERIES + market, epochSecond, 1) * 60_000);
    }

    private Second computeSecond(long second) {
        int n = universe.assets.size();
        double[] price = new double[n];
        double[] price24 = new double[n];
        for (int i = 0; i < n; i++) {
            price[i] = assetPrice(i, second);
            price24[i] = assetPrice(i, second - DAY);
        }
        Hour hour = hour(Math.floorDiv(second, HOUR));
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -marketCap(i, price[i])).thenComparing(i -> i));
        int[] byRank = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[byRank[r]] = r + 1;
        }
        return new Second(second, price, price24, byRank, rank, hour);
    }

    private double marketCap(int asset, double price) {
        return supply[asset] * price;
    }

    private synchronized Hour hour(long hour) {
        if (lastHour == null || lastHour.hour() != hour) {
            lastHour = computeHour(hour);
        }
        return lastHour;
    }

    private Hour computeHour(long hour) {
        long second = hour * HOUR;
        int n = universe.assets.size();
        double[] vwap = new double[n];
        double[] turnover = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int h = 0; h < 24; h++) {
                sum += assetPrice(i, second - h * HOUR);
            }
            vwap[i] = sum / 24;
            turnover[i] = universe.assets.get(i).turnover() * (0.7 + 0.6 * noise.unit(VOLUME_SERIES + i, hour, 0));
        }
        return marketVolumes(hour, vwap, turnover);
    }

    /** Market volumes split each base asset's volume; exchanges sum their markets. */
    private Hour marketVolumes(long hour, double[] vwap, double[] turnover) {
        int m = universe.markets.size();
        int e = universe.exchanges.size();
        double[] volume = new double[m];
        long[] trades = new long[m];
        double[] exchangeVolume = new double[e];
        int[] exchangeMarkets = new int[e];
        double total = 0;
        for (int i = 0; i < m; i++) {
            Universe.MarketInfo info = universe.markets.get(i);
            double assetVolume = marketCap(info.base(), vwap[info.base()]) * turnover[info.base()];
            double share = 0.001 + 0.05 * Math.pow(noise.unit(VOLUME_SERIES + MARKET_SERIES + i, hour, 0), 3);
            volume[i] = assetVolume * share / (1 + info.exchange() * 0.05);
            trades[i] = Math.max(0, Math.round(volume[i] / (50 + 950 * noise.unit(MARKET_SERIES + i, hour, 2))));
            exchangeVolume[info.exchange()] += volume[i];
            exchangeMarkets[info.exchange()]++;
            total += volume[i];
        }
        int[] exchangesByRank = sortedDescending(exchangeVolume);
        int[] exchangeRank = ranks(exchangesByRank);
        int[] marketsByRank = sortedDescending(volume);
        int[] marketRank = new int[m];
        int[] nextRankInExchange = new int[e];
        for (int i : marketsByRank) {
            marketRank[i] = ++nextRankInExchange[universe.markets.get(i).exchange()];
        }
        Integer[] listing = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(listing, Comparator.comparingInt((Integer i) -> exchangeRank[universe.markets.get(i).exchange()])
                .thenComparingInt(i -> marketRank[i]));
        return new Hour(hour, vwap, turnover, volume, trades, marketRank,
                Arrays.stream(listing).mapToInt(Integer::intValue).toArray(), exchangeVolume, exchangeMarkets,
                exchangesByRank, exchangeRank, total);
    }

    private static int[] sortedDescending(double[] values) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -values[i]).thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] ranks(int[] byRank) {
        int[] rank = new int[byRank.length];
        for (int r = 0; r < byRank.length; r++) {
            rank[byRank[r]] = r + 1;
        }
        return rank;
    }

    /** Exact decimal of a double at a fixed scale, truncated like the v3 API's 18-digit float artefacts. */
    static BigDecimal fixed(double value, int scale) {
        return new BigDecimal(value).setScale(scale, scale >= 18 ? RoundingMode.DOWN : RoundingMode.HALF_EVEN);
    }

    /** About 16 significant digits and no padding, like v3's changePercent24Hr and vwap24Hr. */
    static BigDecimal significant(BigDecimal value) {
        BigDecimal rounded = value.round(new MathContext(16, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
