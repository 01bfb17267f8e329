package io.cryptopipe.simulator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the items CoinCap would send, as ordered field maps, with its conventions: decimals and counts as
 * strings, times as millisecond numbers, nulls where the real API sends them. Values shown are computed from the
 * strings actually served (market cap = served supply x served price), so the output is self-consistent.
 */
final class Rows {
    /** CoinCap's history dates always carry milliseconds: {@code 2021-06-24T18:45:00.000Z}. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final MathContext WIDE = new MathContext(40, RoundingMode.HALF_EVEN);

    private final MarketState state;
    private final Universe universe;

    Rows(MarketState state) {
        this.state = state;
        this.universe = state.universe;
    }

    Map<String, Object> asset(MarketState.Second s, int i, Version v) {
        Universe.Asset a = universe.assets.get(i);
        BigDecimal price = MarketState.fixed(s.assetPrice()[i], v.scale);
        BigDecimal supply = new BigDecimal(a.supply()).setScale(v.scale, RoundingMode.UNNECESSARY);
        BigDecimal marketCap = supply.multiply(price).setScale(v.scale, RoundingMode.HALF_EVEN);
        BigDecimal price24 = MarketState.fixed(s.assetPrice24hAgo()[i], v.scale);
        MarketState.Hour h = s.hour();
        double volume = supply.doubleValue() * h.assetVwap()[i] * h.assetTurnover()[i];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", a.id());
        row.put("rank", Integer.toString(s.assetRank()[i]));
        row.put("symbol", a.symbol());
        row.put("name", a.name());
        row.put("supply", supply.toPlainString());
        row.put("maxSupply", a.maxSupply() == null ? null
                : new BigDecimal(a.maxSupply()).setScale(v.scale, RoundingMode.UNNECESSARY).toPlainString());
        row.put("marketCapUsd", marketCap.toPlainString());
        row.put("volumeUsd24Hr", MarketState.fixed(volume, v.scale).toPlainString());
        row.put("priceUsd", price.toPlainString());
        row.put("changePercent24Hr", a.nullChange() || price24.signum() == 0 ? null
                : decimalText(price.divide(price24, WIDE).subtract(BigDecimal.ONE).movePointRight(2), v));
        row.put("vwap24Hr", a.nullVwap() ? null : decimalText(new BigDecimal(h.assetVwap()[i]), v));
        row.put("explorer", a.explorer());
        if (v == Version.V3) {
            row.put("tokens", a.tokenAddress() == null ? Map.of() : Map.of("1", List.of(a.tokenAddress())));
        }
        return row;
    }

    Map<String, Object> rate(Universe.RateInfo rate, int index, long epochSecond, Version v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rate.id());
        row.put("symbol", rate.symbol());
        row.put("currencySymbol", rate.currencySymbol());
        row.put("type", rate.type());
        row.put("rateUsd", MarketState.fixed(state.rateUsd(rate, index, epochSecond), v.scale).toPlainString());
        return row;
    }

    Map<String, Object> exchange(MarketState.Second s, int i, long nowMillis, Version v) {
        Universe.ExchangeInfo e = universe.exchanges.get(i);
        MarketState.Hour h = s.hour();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("exchangeId", e.id());
        row.put("name", e.name());
        row.put("rank", Integer.toString(h.exchangeRank()[i]));
        boolean noVolume = e.dead() || h.totalVolume() == 0;
        // CoinCap prints this share with 36-40 fraction digits.
        row.put("percentTotalVolume", noVolume ? null : new BigDecimal(h.exchangeVolume()[i])
                .multiply(BigDecimal.valueOf(100)).divide(new BigDecimal(h.totalVolume()), WIDE)
                .setScale(36 + i % 5, RoundingMode.HALF_EVEN).toPlainString());
        row.put("volumeUsd", e.dead() ? null : MarketState.fixed(h.exchangeVolume()[i], v.scale).toPlainString());
        row.put("tradingPairs", Integer.toString(h.exchangeMarkets()[i]));
        row.put("socket", e.socket());
        row.put("exchangeUrl", e.url());
        row.put("updated", e.dead() ? 0L : nowMillis - 1_000L * (1 + (i * 7919L + s.epochSecond()) % 300));
        return row;
    }

    Map<String, Object> market(MarketState.Second s, int i, long nowMillis, Version v) {
        Universe.MarketInfo m = universe.markets.get(i);
        MarketState.Hour h = s.hour();
        BigDecimal priceUsd = MarketState.fixed(state.marketPriceUsd(s, i), v.scale);
        BigDecimal quoteUsd = MarketState.fixed(s.assetPrice()[m.quote()], v.scale);
        double exchangeVolume = h.exchangeVolume()[m.exchange()];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("exchangeId", universe.exchanges.get(m.exchange()).id());
        row.put("rank", Integer.toString(h.marketRank()[i]));
        row.put("baseSymbol", universe.assets.get(m.base()).symbol());
        row.put("baseId", universe.assets.get(m.base()).id());
        row.put("quoteSymbol", universe.assets.get(m.quote()).symbol());
        row.put("quoteId", universe.assets.get(m.quote()).id());
        row.put("priceQuote", priceUsd.divide(quoteUsd, WIDE).setScale(v.scale, RoundingMode.HALF_EVEN)
                .toPlainString());
        row.put("priceUsd", priceUsd.toPlainString());
        row.put("volumeUsd24Hr", m.nullVolume() ? null : MarketState.fixed(h.marketVolume()[i], v.scale)
                .toPlainString());
        row.put("percentExchangeVolume", m.nullVolume() || exchangeVolume == 0 ? null
                : MarketState.fixed(h.marketVolume()[i] * 100 / exchangeVolume, v.scale).toPlainString());
        row.put("tradesCount24Hr", m.nullTrades() ? null : Long.toString(h.marketTrades()[i]));
        row.put("updated", nowMillis - state.marketLagMillis(i, s.epochSecond()));
        return row;
    }

    /** An item of {@code /assets/{id}/markets}: {@code exchangeId} holds the exchange's display name there. */
    Map<String, Object> assetMarket(MarketState.Second s, int i, double assetVolume, Version v) {
        Universe.MarketInfo m = universe.markets.get(i);
        MarketState.Hour h = s.hour();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("exchangeId", universe.exchanges.get(m.exchange()).name());
        row.put("baseId", universe.assets.get(m.base()).id());
        row.put("quoteId", universe.assets.get(m.quote()).id());
        row.put("baseSymbol", universe.assets.get(m.base()).symbol());
        row.put("quoteSymbol", universe.assets.get(m.quote()).symbol());
        row.put("volumeUsd24Hr", m.nullVolume() ? null : MarketState.fixed(h.marketVolume()[i], v.scale)
                .toPlainString());
        row.put("priceUsd", MarketState.fixed(state.marketPriceUsd(s, i), v.scale).toPlainString());
        row.put("volumePercent", m.nullVolume() || assetVolume == 0 ? null
                : MarketState.fixed(h.marketVolume()[i] * 100 / assetVolume, v.scale).toPlainString());
        return row;
    }

    /** A history point: the price at {@code time}, or the day's average for {@code d1}. */
    Map<String, Object> historyPoint(int asset, long timeMillis, double price, Version v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("priceUsd", MarketState.fixed(price, v.scale).toPlainString());
        row.put("time", timeMillis);
        row.put("circulatingSupply", new BigDecimal(universe.assets.get(asset).supply())
                .setScale(v.scale, RoundingMode.UNNECESSARY).toPlainString());
        row.put("date", ISO_MILLIS.format(Instant.ofEpochMilli(timeMillis)));
        return row;
    }

    /** v2 pads to 16 digits; v3 sends about 16 significant digits unpadded. */
    private static String decimalText(BigDecimal value, Version v) {
        return v == Version.V2 ? value.setScale(v.scale, RoundingMode.HALF_EVEN).toPlainString()
                : MarketState.significant(value).toPlainString();
    }
}
