package io.cryptopipe.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed structure of a simulated market, generated once from the seed: which assets, exchanges, markets and
 * rates exist and their static traits. Prices and volumes over time come from {@link MarketState}.
 */
final class Universe {
    /** How many of the top assets also appear as crypto rates, like CoinCap's dozen. */
    private static final int CRYPTO_RATES = 12;
    private static final double DEAD_EXCHANGE_SHARE = 0.08;

    final List<Asset> assets;
    final List<ExchangeInfo> exchanges;
    final List<MarketInfo> markets;
    final List<RateInfo> rates;

    /** A simulated asset; {@code maxSupply} null means uncapped. */
    record Asset(int index, String id, String symbol, String name, double basePrice, String supply,
            String maxSupply, String explorer, double volatility, double turnover, boolean nullChange,
            boolean nullVwap, String tokenAddress) {
    }

    /** A simulated exchange; dead ones have no markets and send nulls. */
    record ExchangeInfo(int index, String id, String name, String url, Boolean socket, boolean dead) {
    }

    /** A market {@code exchange/base/quote}; {@code staleSeconds} > 0 makes its {@code updated} lag that much. */
    record MarketInfo(int index, int exchange, int base, int quote, boolean nullTrades, boolean nullVolume,
            long staleSeconds, double spread) {
    }

    /** A rate; {@code asset} >= 0 for crypto rates, which follow that asset's price. */
    record RateInfo(String id, String symbol, String currencySymbol, String type, double baseRate, int asset) {
    }

    Universe(long seed, int assetCount, int exchangeCount, int marketCount) {
        SplittableRandom random = new SplittableRandom(seed);
        this.assets = List.copyOf(assets(random, assetCount));
        this.exchanges = List.copyOf(exchanges(random, exchangeCount));
        this.markets = List.copyOf(markets(random, marketCount));
        this.rates = List.copyOf(rates());
    }

    /** Quote currencies markets use: the stablecoins, bitcoin and ethereum, as far as they exist. */
    List<Integer> quoteAssets() {
        List<Integer> quotes = new ArrayList<>();
        for (String id : List.of("tether", "usd-coin", "bitcoin", "ethereum", "binance-coin")) {
            for (Asset a : assets) {
                if (a.id().equals(id)) {
                    quotes.add(a.index());
                }
            }
        }
        return quotes;
    }

    /** The most distinct markets this universe can hold. */
    long marketCapacity() {
        long live = exchanges.stream().filter(e -> !e.dead()).count();
        long quotes = quoteAssets().size();
        return live * (assets.size() * quotes - quotes);
    }

    private static List<Asset> assets(SplittableRandom random, int count) {
        List<Asset> list = new ArrayList<>(count);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (i < Catalog.ASSETS.size()) {
                Catalog.KnownAsset k = Catalog.ASSETS.get(i);
                ids.add(k.id());
                list.add(new Asset(i, k.id(), k.symbol(), k.name(), k.price(), decimalString(k.supply(), random),
                        k.maxSupply().isEmpty() ? null : k.maxSupply(), k.explorer(), k.stable() ? 0.0004 : 0.035,
                        0.02 + random.nextDouble() * 0.1, false, false, null));
            } else {
                list.add(syntheticAsset(random, i, ids));
            }
        }
        return list;
    }

    private static Asset syntheticAsset(SplittableRandom random, int i, Set<String> ids) {
        String base = syllables(random);
        String name = base + Catalog.ASSET_SUFFIXES[random.nextInt(Catalog.ASSET_SUFFIXES.length)];
        String id = uniqueSlug(name, ids);
        String symbol = symbolOf(base, random);
        // Market caps fall with rank roughly as a power law; the price is drawn, the supply follows.
        double marketCap = 2.0e12 / Math.pow(i + 1, 1.6) * (0.6 + random.nextDouble() * 0.8);
        double price = Math.pow(10, -6 + random.nextDouble() * 8);
        double supply = Math.max(1_000, marketCap / price);
        String maxSupply = random.nextDouble() < 0.4 ? null : decimalString(supply * (1 + random.nextDouble()), random);
        String explorer = random.nextDouble() < 0.03 ? null : "https://explorer." + id + ".org/";
        String token = random.nextDouble() < 0.3 ? String.format(Locale.ROOT, "0x%016x%016x%08x",
                random.nextLong(), random.nextLong(), random.nextInt()) : null;
        return new Asset(i, id, symbol, name, price, decimalString(supply, random), maxSupply, explorer,
                0.03 + random.nextDouble() * 0.09, 0.01 + random.nextDouble() * 0.3, random.nextDouble() < 0.01,
                random.nextDouble() < 0.01, token);
    }

    private static List<ExchangeInfo> exchanges(SplittableRandom random, int count) {
        List<ExchangeInfo> list = new ArrayList<>(count);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            if (i < Catalog.EXCHANGES.size()) {
                Catalog.KnownExchange k = Catalog.EXCHANGES.get(i);
                ids.add(k.id());
                list.add(new ExchangeInfo(i, k.id(), k.name(), k.url(), k.socket(), false));
            } else {
                String name = capitalize(syllables(random))
                        + Catalog.EXCHANGE_SUFFIXES[random.nextInt(Catalog.EXCHANGE_SUFFIXES.length)];
                String id = uniqueSlug(name, ids);
                boolean dead = random.nextDouble() < DEAD_EXCHANGE_SHARE;
                list.add(new ExchangeInfo(i, id, name, "https://" + id.replace("-", "") + ".example/",
                        dead ? null : random.nextDouble() < 0.2, dead));
            }
        }
        return list;
    }

    private List<MarketInfo> markets(SplittableRandom random, int count) {
        List<Integer> quotes = quoteAssets();
        long capacity = marketCapacity();
        if (count > capacity) {
            throw new IllegalArgumentException("--markets " + count + " exceeds the " + capacity
                    + " distinct exchange/base/quote markets possible with --assets " + assets.size()
                    + " and --exchanges " + exchanges.size() + " (quotes: " + quotes.size() + " assets)");
        }
        List<Integer> live = exchanges.stream().filter(e -> !e.dead()).map(ExchangeInfo::index).toList();
        List<int[]> triples = count > capacity / 4
                ? allTriplesShuffled(live, quotes, random)
                : skewedTriples(live, quotes, count, random);
        List<MarketInfo> list = new ArrayList<>(count);
        for (int[] t : triples.subList(0, count)) {
            double r = random.nextDouble();
            long stale = r < 0.05 ? 86_400L * (1 + random.nextInt(40)) : 0;
            list.add(new MarketInfo(list.size(), t[0], t[1], t[2], random.nextDouble() < 0.25,
                    random.nextDouble() < 0.02, stale, 0.0005 + random.nextDouble() * 0.004));
        }
        return list;
    }

    /** Sparse case: draw markets favouring top exchanges and assets, skipping repeats. */
    private List<int[]> skewedTriples(List<Integer> live, List<Integer> quotes, int count, SplittableRandom random) {
        Set<Long> seen = new HashSet<>();
        List<int[]> triples = new ArrayList<>(count);
        while (triples.size() < count) {
            int exchange = live.get(skewed(random, live.size()));
            int base = skewed(random, assets.size());
            int quote = quotes.get(random.nextInt(quotes.size()));
            if (base != quote && seen.add(((long) exchange * assets.size() + base) * assets.size() + quote)) {
                triples.add(new int[] {exchange, base, quote});
            }
        }
        return triples;
    }

    /** Dense case (a large share of all possible markets): enumerate them all, then take a seeded shuffle. */
    private List<int[]> allTriplesShuffled(List<Integer> live, List<Integer> quotes, SplittableRandom random) {
        List<int[]> triples = new ArrayList<>();
        for (int exchange : live) {
            for (int base = 0; base < assets.size(); base++) {
                for (int quote : quotes) {
                    if (base != quote) {
                        triples.add(new int[] {exchange, base, quote});
                    }
                }
            }
        }
        Collections.shuffle(triples, new Random(random.nextLong()));
        return triples;
    }

    private List<RateInfo> rates() {
        List<RateInfo> list = new ArrayList<>();
        for (Catalog.KnownFiat f : Catalog.FIATS) {
            list.add(new RateInfo(f.id(), f.symbol(), f.currencySymbol(), "fiat", f.rateUsd(), -1));
        }
        for (int i = 0; i < Math.min(CRYPTO_RATES, assets.size()); i++) {
            Asset a = assets.get(i);
            list.add(new RateInfo(a.id(), a.symbol(), a.id().equals("bitcoin") ? "₿" : null, "crypto", 0, i));
        }
        list.sort((x, y) -> x.id().compareTo(y.id()));
        return list;
    }

    /** An index in [0, n) favouring small indices, like volume concentrating on top assets and exchanges. */
    private static int skewed(SplittableRandom random, int n) {
        double u = random.nextDouble();
        return Math.min(n - 1, (int) (n * u * u * u));
    }

    private static String syllables(SplittableRandom random) {
        int n = 2 + random.nextInt(2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(Catalog.SYLLABLES[random.nextInt(Catalog.SYLLABLES.length)]);
        }
        return capitalize(sb.toString());
    }

    private static String symbolOf(String base, SplittableRandom random) {
        String letters = base.replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT);
        int len = Math.min(letters.length(), 3 + random.nextInt(2));
        return letters.substring(0, len);
    }

    private static String uniqueSlug(String name, Set<String> taken) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String candidate = slug;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = slug + "-" + n;
        }
        return candidate;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A supply as the API writes it: whole units for most coins, a few decimals for some. */
    private static String decimalString(double value, SplittableRandom random) {
        long whole = (long) value;
        return random.nextDouble() < 0.5 ? Long.toString(whole)
                : whole + "." + String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
    }
}
