package io.cryptopipe.app.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cryptopipe.ingest.ArchivedPoll;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic CoinCap v3 {@code /assets} answers for the benchmark: a universe of assets (a few well-known ones,
 * then made-up ones), and for each poll one answer per page, as ingest archives it ({@link ArchivedPoll}). Items
 * look like the simulator's v3 (and the real v3): every field a string, decimals with 18 fraction digits carrying
 * the float artefacts of a double ({@code "108643.059999999997671694"}), {@code changePercent24Hr} and
 * {@code vwap24Hr} with about 16 significant digits, {@code maxSupply} and {@code explorer} null for some,
 * {@code tokens} an object. Prices walk randomly from poll to poll, seeded by poll and asset, so the same poll index
 * gives the same text in every phase of a run: the COPY baselines and the end-to-end run store identical rows.
 *
 * <p>Why not the simulator itself: serving a million items over HTTP would make generation, not the stream, the
 * slow part; the item text is what matters downstream, and it goes through the real {@code RecordDecoder}.
 */
final class RowGenerator {
    /** The {@code source} archived with each poll; the ledger stores it. */
    static final String SOURCE = "bench:generated/v3";
    private static final String ENTITY = "assets";
    private static final int SCALE = 18;
    private static final MathContext SIGNIFICANT = new MathContext(16, RoundingMode.HALF_EVEN);
    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();
    private static final String[] KNOWN = {"bitcoin", "ethereum", "tether", "binance-coin", "solana", "usd-coin",
        "xrp", "dogecoin", "cardano", "tron", "avalanche", "chainlink", "polkadot", "litecoin", "near-protocol"};
    private static final String[] SYLLABLES = {"ka", "ro", "mi", "zen", "tor", "la", "vex", "qu", "sol", "nar",
        "bit", "lu", "dra", "xo", "fi", "ne", "pra", "tu", "gal", "chi"};

    private final long seed;
    private final List<Asset> assets;

    /**
     * @param seed     decides every name and number
     * @param universe how many distinct assets there are: the most items one poll can hold
     */
    RowGenerator(long seed, int universe) {
        if (universe < 1) {
            throw new IllegalArgumentException("universe must be at least 1: " + universe);
        }
        this.seed = seed;
        this.assets = universe(seed, universe);
    }

    int universe() {
        return assets.size();
    }

    /**
     * One poll of {@code count} assets starting at universe position {@code from} (wrapping), as ingest archives it:
     * one page holding the items, then, when {@code emptyTail} is set, the empty page a poll of exactly the page
     * limit ends with ({@code up} asks {@code limit=2000}, so 2000 assets take a second, empty request).
     *
     * @param index      which poll: decides the prices, and the poll id
     * @param observedAt the poll's time: its first page's {@code timestamp}; unique per poll so every row is new
     * @param fetchedAt  when the (last) page arrived
     */
    ArchivedPoll poll(long index, int from, int count, Instant observedAt, Instant fetchedAt, boolean emptyTail) {
        if (count < 0 || count > assets.size()) {
            throw new IllegalArgumentException("a poll holds 0 to " + assets.size() + " distinct assets: " + count);
        }
        long millis = observedAt.toEpochMilli();
        List<ArchivedPoll.Page> pages = new ArrayList<>(2);
        pages.add(new ArchivedPoll.Page(0, 200, fetchedAt, body(index, from, count, millis)));
        if (emptyTail) {
            pages.add(new ArchivedPoll.Page(count, 200, fetchedAt, "{\"data\":[],\"timestamp\":" + millis + "}"));
        }
        UUID id = UUID.nameUUIDFromBytes(("cryptopipe-bench-" + seed + "-" + index + "-" + millis)
                .getBytes(StandardCharsets.UTF_8));
        return new ArchivedPoll(id, ENTITY, SOURCE, "v3", Instant.ofEpochMilli(millis), ArchivedPoll.Outcome.OK,
                null, pages.size(), 0, "{\"unknown\":{},\"missing\":{}}", pages);
    }

    /** {@code {"data":[...],"timestamp":ms}}, the items in rank order. */
    String body(long index, int from, int count, long timestampMillis) {
        StringBuilder out = new StringBuilder(count * 520 + 40).append("{\"data\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            int position = Math.floorMod(from + i, assets.size());
            item(out, assets.get(position), index, position + 1);
        }
        return out.append("],\"timestamp\":").append(timestampMillis).append('}').toString();
    }

    private void item(StringBuilder out, Asset a, long index, int rank) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (index * 1_000_003L + a.ordinal));
        double price = a.basePrice * Math.exp(a.volatility * (random.nextDouble() - 0.5));
        double price24 = a.basePrice * Math.exp(a.volatility * (random.nextDouble() - 0.5));
        BigDecimal priceText = fixed(price);
        BigDecimal supply = fixed(a.supply);
        BigDecimal marketCap = supply.multiply(priceText).setScale(SCALE, RoundingMode.HALF_EVEN);
        double vwap = (price + price24) / 2 * (1 + (random.nextDouble() - 0.5) / 100);
        out.append("{\"id\":").append(quote(a.id))
                .append(",\"rank\":\"").append(rank).append('"')
                .append(",\"symbol\":").append(quote(a.symbol))
                .append(",\"name\":").append(quote(a.name))
                .append(",\"supply\":\"").append(supply.toPlainString()).append('"')
                .append(",\"maxSupply\":").append(a.maxSupply == null ? "null"
                        : "\"" + fixed(a.maxSupply).toPlainString() + "\"")
                .append(",\"marketCapUsd\":\"").append(marketCap.toPlainString()).append('"')
                .append(",\"volumeUsd24Hr\":\"").append(fixed(a.supply * price * a.turnover
                        * (0.5 + random.nextDouble())).toPlainString()).append('"')
                .append(",\"priceUsd\":\"").append(priceText.toPlainString()).append('"')
                .append(",\"changePercent24Hr\":\"").append(significant((price / price24 - 1) * 100)).append('"')
                .append(",\"vwap24Hr\":\"").append(significant(vwap)).append('"')
                .append(",\"explorer\":").append(a.explorer == null ? "null" : quote(a.explorer))
                .append(",\"tokens\":").append(a.token == null ? "{}" : "{\"1\":[" + quote(a.token) + "]}")
                .append('}');
    }

    /** The exact decimal of a double cut to 18 fraction digits, as v3 prints its numbers. */
    private static BigDecimal fixed(double value) {
        return new BigDecimal(value).setScale(SCALE, RoundingMode.DOWN);
    }

    private static String significant(double value) {
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros();
        return (rounded.scale() < 0 ? rounded.setScale(0) : rounded).toPlainString();
    }

    private static String quote(String text) {
        return "\"" + new String(JSON.quoteAsString(text)) + "\"";
    }

    private static List<Asset> universe(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Asset> assets = new ArrayList<>(size);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < size; i++) {
            String id = i < KNOWN.length ? KNOWN[i] : madeUpId(random);
            while (!ids.add(id)) {
                id = id + "-" + i;
            }
            String symbol = symbol(id, i);
            String name = Character.toUpperCase(id.charAt(0)) + id.substring(1).replace('-', ' ');
            // Prices from 1e-6 to 1e5, supplies from 1e6 to 1e12: the spread of CoinCap's top 2000.
            double price = Math.pow(10, -6 + 11 * random.nextDouble());
            double supply = Math.floor(Math.pow(10, 6 + 6 * random.nextDouble())) + random.nextInt(100) / 100.0;
            Double maxSupply = random.nextDouble() < 0.5 ? null : Math.floor(supply * (1 + random.nextDouble()));
            String explorer = random.nextDouble() < 0.03 ? null : "https://explorer." + id + ".org/";
            String token = random.nextDouble() < 0.3 ? "0x" + Long.toHexString(random.nextLong())
                    + Long.toHexString(random.nextLong()) : null;
            assets.add(new Asset(i, id, symbol, name, price, supply, maxSupply, explorer, token,
                    0.001 + 0.1 * random.nextDouble(), 0.001 + 0.2 * random.nextDouble()));
        }
        return List.copyOf(assets);
    }

    private static String madeUpId(SplittableRandom random) {
        StringBuilder id = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int s = 0; s < syllables; s++) {
            id.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        if (random.nextDouble() < 0.3) {
            id.append(random.nextBoolean() ? "-protocol" : "-coin");
        }
        return id.toString();
    }

    private static String symbol(String id, int i) {
        String letters = id.replace("-", "").toUpperCase(java.util.Locale.ROOT);
        return letters.substring(0, Math.min(4, letters.length())) + (i < KNOWN.length ? "" : Integer.toString(i));
    }

    private record Asset(int ordinal, String id, String symbol, String name, double basePrice, double supply,
            Double maxSupply, String explorer, String token, double volatility, double turnover) {
    }
}
