package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Fields.Sign.ANY;
import static io.cryptopipe.core.parse.Fields.Sign.NON_NEGATIVE;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.AssetMarket;
import io.cryptopipe.core.model.Exchange;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.model.Rate;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What one CoinCap item type looks like: its name, the fields each API shape is known to send, and how to read
 * them into a record. The field sets follow {@code ../shared/reference/coincap-api.md} sections 1.4 and 2.3.
 *
 * @param <T> the record the item becomes
 */
public final class Entity<T> {
    public static final Entity<Asset> ASSET = new Entity<>("asset",
            Set.of("id", "rank", "symbol", "name", "supply", "maxSupply", "marketCapUsd", "volumeUsd24Hr",
                    "priceUsd", "changePercent24Hr", "vwap24Hr", "explorer"),
            Set.of("maxSupply", "changePercent24Hr", "vwap24Hr", "explorer"),
            Set.of("tokens"),
            Entity::readAsset);

    public static final Entity<Rate> RATE = new Entity<>("rate",
            Set.of("id", "symbol", "currencySymbol", "type", "rateUsd"),
            Set.of("currencySymbol"),
            Set.of(),
            (f, shape) -> new Rate(f.requiredId("id"), f.requiredText("symbol"), f.optionalText("currencySymbol"),
                    f.requiredText("type"), f.requiredDecimal("rateUsd", NON_NEGATIVE)));

    /** {@code exchangeId} is read first; 2018 payloads keyed the slug as {@code id}. */
    public static final Entity<Exchange> EXCHANGE = new Entity<>("exchange",
            Set.of("exchangeId", "id", "name", "rank", "percentTotalVolume", "volumeUsd", "tradingPairs", "socket",
                    "exchangeUrl", "updated"),
            Set.of("percentTotalVolume", "volumeUsd", "socket", "exchangeUrl", "updated"),
            Set.of(),
            Entity::readExchange);

    public static final Entity<Market> MARKET = new Entity<>("market",
            Set.of("exchangeId", "rank", "baseSymbol", "baseId", "quoteSymbol", "quoteId", "priceQuote",
                    "priceUsd", "volumeUsd24Hr", "percentExchangeVolume", "tradesCount24Hr", "updated"),
            Set.of("volumeUsd24Hr", "percentExchangeVolume", "tradesCount24Hr", "updated"),
            Set.of(),
            Entity::readMarket);

    public static final Entity<AssetMarket> ASSET_MARKET = new Entity<>("asset_market",
            Set.of("exchangeId", "baseId", "quoteId", "baseSymbol", "quoteSymbol", "volumeUsd24Hr", "priceUsd",
                    "volumePercent"),
            Set.of("volumeUsd24Hr", "volumePercent"),
            Set.of(),
            (f, shape) -> new AssetMarket(f.requiredText("exchangeId"), f.requiredId("baseId"),
                    f.requiredId("quoteId"), f.requiredText("baseSymbol"), f.requiredText("quoteSymbol"),
                    f.optionalDecimal("volumeUsd24Hr", NON_NEGATIVE), f.requiredDecimal("priceUsd", NON_NEGATIVE),
                    f.optionalDecimal("volumePercent", NON_NEGATIVE)));

    /** {@code circulatingSupply} and {@code date} came later than 2018; {@code date} is checked, not kept. */
    public static final Entity<HistoryPoint> HISTORY = new Entity<>("history",
            Set.of("priceUsd", "time", "circulatingSupply", "date"),
            Set.of("circulatingSupply", "date"),
            Set.of(),
            Entity::readHistoryPoint);

    private final String name;
    private final Set<String> v2Fields;
    private final Set<String> v3Fields;
    private final Set<String> v2Optional;
    private final Set<String> v3Optional;
    private final Reader<T> reader;

    /**
     * @param common   fields both shapes send
     * @param optional of those, the ones that may be absent (counted as missing drift when they are)
     * @param v3Only   fields only v3 sends; optional there
     */
    private Entity(String name, Set<String> common, Set<String> optional, Set<String> v3Only, Reader<T> reader) {
        this.name = name;
        this.v2Fields = Set.copyOf(common);
        this.v3Fields = union(common, v3Only);
        this.v2Optional = Set.copyOf(optional);
        this.v3Optional = union(optional, v3Only);
        this.reader = reader;
    }

    /** Lower-case singular name used in rejections and drift, e.g. {@code asset}. */
    public String name() {
        return name;
    }

    /** Fields the shape is known to send; anything else is counted as unknown drift. */
    public Set<String> knownFields(ApiShape shape) {
        return shape == ApiShape.V3 ? v3Fields : v2Fields;
    }

    /** Fields that may be absent; each absence is counted as missing drift, whether the item is kept or not. */
    public Set<String> optionalFields(ApiShape shape) {
        return shape == ApiShape.V3 ? v3Optional : v2Optional;
    }

    T read(Fields fields, ApiShape shape) {
        return reader.read(fields, shape);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Asset readAsset(Fields f, ApiShape shape) {
        return new Asset(
                f.requiredId("id"),
                f.requiredInt("rank", 1),
                f.requiredText("symbol"),
                f.requiredText("name"),
                f.requiredDecimal("supply", NON_NEGATIVE),
                f.optionalDecimal("maxSupply", NON_NEGATIVE),
                f.requiredDecimal("marketCapUsd", NON_NEGATIVE),
                f.requiredDecimal("volumeUsd24Hr", NON_NEGATIVE),
                f.requiredDecimal("priceUsd", NON_NEGATIVE),
                f.optionalDecimal("changePercent24Hr", ANY),
                f.optionalDecimal("vwap24Hr", NON_NEGATIVE),
                f.optionalText("explorer"),
                shape == ApiShape.V3 || f.has("tokens") ? f.optionalTokens("tokens") : null);
    }

    private static Exchange readExchange(Fields f, ApiShape shape) {
        String id = f.has("exchangeId") || !f.has("id") ? f.requiredId("exchangeId") : f.requiredId("id");
        return new Exchange(
                id,
                f.requiredText("name"),
                f.requiredInt("rank", 1),
                f.optionalDecimal("percentTotalVolume", NON_NEGATIVE),
                f.optionalDecimal("volumeUsd", NON_NEGATIVE),
                f.requiredInt("tradingPairs", 0),
                f.optionalBoolean("socket"),
                f.optionalText("exchangeUrl"),
                f.optionalEpochMillis("updated"));
    }

    private static Market readMarket(Fields f, ApiShape shape) {
        return new Market(
                f.requiredId("exchangeId"),
                f.requiredInt("rank", 1),
                f.requiredText("baseSymbol"),
                f.requiredId("baseId"),
                f.requiredText("quoteSymbol"),
                f.requiredId("quoteId"),
                f.requiredDecimal("priceQuote", NON_NEGATIVE),
                f.requiredDecimal("priceUsd", NON_NEGATIVE),
                f.optionalDecimal("volumeUsd24Hr", NON_NEGATIVE),
                f.optionalDecimal("percentExchangeVolume", NON_NEGATIVE),
                f.optionalLong("tradesCount24Hr", 0),
                f.optionalEpochMillis("updated"));
    }

    private static HistoryPoint readHistoryPoint(Fields f, ApiShape shape) {
        HistoryPoint point = new HistoryPoint(
                f.requiredEpochMillis("time"),
                f.requiredDecimal("priceUsd", NON_NEGATIVE),
                f.optionalDecimal("circulatingSupply", NON_NEGATIVE));
        Instant date = f.optionalIsoInstant("date");
        if (date != null && !date.equals(point.time())) {
            throw new ItemRejected(RejectCode.BAD_TIME, "date",
                    "date " + date + " disagrees with time " + point.time());
        }
        return point;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Fields fields, ApiShape shape);
    }
}
