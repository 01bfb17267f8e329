package io.cryptopipe.batch.gate;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Freshness of each entity at the end of the window: the newest stored snapshot must be within three poll intervals
 * (at least five minutes) of the window's end. A day whose data stops early is judged by what it holds, so this warns.
 */
public final class FreshnessGate implements Gate {
    static final List<String[]> ENTITIES = List.of(new String[] {"assets", "asset_snapshots"},
            new String[] {"rates", "rate_snapshots"}, new String[] {"exchanges", "exchange_snapshots"},
            new String[] {"markets", "market_snapshots"});

    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        Timestamp from = Timestamp.from(ctx.window().start());
        Timestamp to = Timestamp.from(ctx.window().end());
        List<String> stale = new ArrayList<>();
        for (String[] e : ENTITIES) {
            List<String> row = Sql.rows(ctx.pg(), "SELECT coalesce((SELECT max(interval_ms) FROM ingest_ledger"
                    + " WHERE entity = ? AND observed_at >= ? AND observed_at < ?), 60000), "
                    + "(extract(epoch FROM (?::timestamptz - (SELECT max(observed_at) FROM " + e[1]
                    + " WHERE observed_at >= ? AND observed_at < ?))) * 1000)::bigint", e[0], from, to, to, from, to);
            String[] values = row.get(0).split(" ");
            if ("null".equals(values[1])) {
                continue; // nothing stored: completeness and reconciliation speak to that
            }
            long interval = Long.parseLong(values[0]);
            long lagMs = Long.parseLong(values[1]);
            long allowed = Math.max(3 * interval, Duration.ofMinutes(5).toMillis());
            if (lagMs > allowed) {
                stale.add(e[0] + " newest row " + Duration.ofMillis(lagMs).toSeconds() + " s before the window end"
                        + " (allowed " + Duration.ofMillis(allowed).toSeconds() + " s)");
            }
        }
        return List.of(new GateResult("freshness", "freshness", GateResult.Severity.WARN, stale.size(), stale,
                "newest snapshot of each entity within 3 poll intervals of " + ctx.window().end()));
    }
}
