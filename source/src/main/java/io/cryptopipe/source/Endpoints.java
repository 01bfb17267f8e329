package io.cryptopipe.source;

import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.AssetMarket;
import io.cryptopipe.core.model.Exchange;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.model.Rate;
import io.cryptopipe.core.parse.Entity;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every CoinCap endpoint the simulator serves, with its filters. */
public final class Endpoints {
    /** Intervals {@code /assets/{id}/history} accepts. */
    public static final Set<String> HISTORY_INTERVALS =
            Set.of("m1", "m5", "m15", "m30", "h1", "h2", "h6", "h12", "d1");

    private Endpoints() {
    }

    public static Endpoint<Asset> assets() {
        return assets(null, List.of());
    }

    /** {@code /assets} with an optional {@code search} and an optional list of {@code ids}. */
    public static Endpoint<Asset> assets(String search, Collection<String> ids) {
        Map<String, String> query = new LinkedHashMap<>();
        if (search != null && !search.isBlank()) {
            query.put("search", search);
        }
        if (!ids.isEmpty()) {
            query.put("ids", String.join(",", ids));
        }
        return new Endpoint<>("assets", List.of("assets"), query, Entity.ASSET, Asset::id, true, true);
    }

    public static Endpoint<Asset> asset(String id) {
        return new Endpoint<>("asset", List.of("assets", id), Map.of(), Entity.ASSET, Asset::id, false, false);
    }

    /**
     * {@code /assets/{id}/history}; {@code start} and {@code end} go together or not at all.
     *
     * @throws IllegalArgumentException for an interval CoinCap does not accept or only one bound
     */
    public static Endpoint<HistoryPoint> history(String id, String interval, Instant start, Instant end) {
        if (!HISTORY_INTERVALS.contains(interval)) {
            throw new IllegalArgumentException("interval " + interval + " is not one of " + HISTORY_INTERVALS);
        }
        if ((start == null) != (end == null)) {
            throw new IllegalArgumentException("history needs start and end together");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("interval", interval);
        if (start != null) {
            query.put("start", Long.toString(start.toEpochMilli()));
            query.put("end", Long.toString(end.toEpochMilli()));
        }
        return new Endpoint<>("history", List.of("assets", id, "history"), query, Entity.HISTORY,
                p -> Long.toString(p.time().toEpochMilli()), true, false);
    }

    /** {@code /assets/{id}/markets}; keyed by exchange display name, base and quote. */
    public static Endpoint<AssetMarket> assetMarkets(String id) {
        return new Endpoint<>("asset_markets", List.of("assets", id, "markets"), Map.of(), Entity.ASSET_MARKET,
                m -> m.exchangeName() + "/" + m.baseId() + "/" + m.quoteId(), true, true);
    }

    public static Endpoint<Rate> rates() {
        return rates(List.of());
    }

    /** {@code /rates}; the {@code ids} filter exists in v3 only. */
    public static Endpoint<Rate> rates(Collection<String> ids) {
        Map<String, String> query = ids.isEmpty() ? Map.of() : Map.of("ids", String.join(",", ids));
        return new Endpoint<>("rates", List.of("rates"), query, Entity.RATE, Rate::id, true, false);
    }

    public static Endpoint<Rate> rate(String id) {
        return new Endpoint<>("rate", List.of("rates", id), Map.of(), Entity.RATE, Rate::id, false, false);
    }

    public static Endpoint<Exchange> exchanges() {
        return new Endpoint<>("exchanges", List.of("exchanges"), Map.of(), Entity.EXCHANGE, Exchange::exchangeId,
                true, true);
    }

    public static Endpoint<Exchange> exchange(String id) {
        return new Endpoint<>("exchange", List.of("exchanges", id), Map.of(), Entity.EXCHANGE,
                Exchange::exchangeId, false, false);
    }

    public static Endpoint<Market> markets() {
        return markets(Map.of());
    }

    /**
     * {@code /markets} with filters among {@code exchangeId, baseSymbol, quoteSymbol, baseId, quoteId,
     * assetSymbol, assetId}.
     */
    public static Endpoint<Market> markets(Map<String, String> filters) {
        Set<String> allowed = Set.of("exchangeId", "baseSymbol", "quoteSymbol", "baseId", "quoteId", "assetSymbol",
                "assetId");
        for (String name : filters.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("markets has no filter " + name + "; known: " + allowed);
            }
        }
        return new Endpoint<>("markets", List.of("markets"), filters, Entity.MARKET,
                Market::key, true, true);
    }
}
