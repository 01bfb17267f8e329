package io.cryptopipe.batch.gate;

import java.util.List;

/**
 * Price sanity in the warehouse: each asset snapshot's price against its own vwap24Hr, and each asset's day close
 * against the volume-weighted price of its markets at their last snapshot of the day. A relative gap above the
 * tolerance is an error (a wrong unit, a stuck feed, a market priced in the wrong quote). Ratios are computed in
 * DOUBLE: they only decide pass or fail, nothing is stored from them.
 */
public final class PriceSanityGate implements Gate {
    private final double tolerance;

    public PriceSanityGate(double tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        String date = ctx.window().partition().toString();
        String vwapWhere = " FROM main.fct_asset_snapshot WHERE date = CAST(? AS DATE) AND vwap_24hr > 0 "
                + "AND abs(price_usd::DOUBLE / vwap_24hr::DOUBLE - 1) > ?";
        long vwapFailures = Sql.count(ctx.duckdb(), "SELECT count(*)" + vwapWhere, date, tolerance);
        List<String> vwapSamples = vwapFailures == 0 ? List.of() : Sql.rows(ctx.duckdb(), "SELECT asset_id, "
                + "strftime(observed_at AT TIME ZONE 'UTC', '%H:%M:%S'), 'price', price_usd, 'vwap', vwap_24hr"
                + vwapWhere + " ORDER BY asset_id, observed_at LIMIT 5", date, tolerance);
        String markets = "WITH last AS (SELECT base_id, price_usd::DOUBLE AS price, volume_usd_24hr::DOUBLE AS volume "
                + "FROM main.fct_market_snapshot WHERE date = CAST(? AS DATE) QUALIFY observed_at = max(observed_at) "
                + "OVER (PARTITION BY exchange_id, base_id, quote_id)), "
                + "vw AS (SELECT base_id, sum(price * volume) / sum(volume) AS market_price FROM last "
                + "WHERE volume > 0 AND price > 0 GROUP BY base_id) "
                + "SELECT d.asset_id, 'close', d.close_price_usd, 'markets', round(vw.market_price, 8) "
                + "FROM main.fct_asset_daily d JOIN vw ON vw.base_id = d.asset_id WHERE d.date = CAST(? AS DATE) "
                + "AND abs(d.close_price_usd::DOUBLE / vw.market_price - 1) > ? ORDER BY d.asset_id";
        List<String> marketFailures = Sql.rows(ctx.duckdb(), markets, date, date, tolerance);
        String allowed = "relative gap at most " + tolerance;
        return List.of(
                new GateResult("price_vs_vwap", "price_sanity", GateResult.Severity.ERROR, vwapFailures, vwapSamples,
                        allowed + " between price_usd and vwap_24hr"),
                new GateResult("price_vs_markets", "price_sanity", GateResult.Severity.ERROR, marketFailures.size(),
                        marketFailures.stream().limit(5).toList(),
                        allowed + " between the day close and the volume-weighted price of the asset's markets"));
    }
}
