package io.cryptopipe.batch.gate;

import java.sql.Timestamp;
import java.util.List;

/**
 * Completeness from the ledger, inside the run window. Rows a successful poll returned but PostgreSQL does not hold
 * ({@code ingest_completeness.missing}) were lost between poll and store: error. Expected poll slots without data
 * ({@code ingest_gaps}: failed, refused by budget, not polled) are visible holes, not losses: warning, with the spans.
 */
public final class CompletenessGate implements Gate {
    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        Timestamp from = Timestamp.from(ctx.window().start());
        Timestamp to = Timestamp.from(ctx.window().end());
        String lostWhere = " FROM ingest_completeness WHERE observed_at >= ? AND observed_at < ? AND missing > 0";
        long lost = Sql.count(ctx.pg(), "SELECT coalesce(sum(missing), 0)" + lostWhere, from, to);
        List<String> lostSamples = lost == 0 ? List.of() : Sql.rows(ctx.pg(), "SELECT entity, observed_at, "
                + "'missing ' || missing" + lostWhere + " ORDER BY observed_at LIMIT 5", from, to);
        String gapWhere = " FROM ingest_gaps WHERE slot_start < ? AND slot_end > ?";
        long gaps = Sql.count(ctx.pg(), "SELECT count(*)" + gapWhere, to, from);
        List<String> gapSamples = gaps == 0 ? List.of() : Sql.rows(ctx.pg(), "SELECT entity, slot_start || ' to ' "
                + "|| slot_end, reason" + gapWhere + " ORDER BY slot_start LIMIT 5", to, from);
        long polls = Sql.count(ctx.pg(), "SELECT count(*) FROM ingest_ledger WHERE observed_at >= ? AND observed_at < ?",
                from, to);
        return List.of(
                new GateResult("completeness_stored", "completeness", GateResult.Severity.ERROR, lost, lostSamples,
                        "items of ok polls in the window missing from PostgreSQL (" + polls + " polls in the ledger)"),
                new GateResult("completeness_gaps", "completeness", GateResult.Severity.WARN, gaps, gapSamples,
                        "expected poll slots without data in the window"),
                new GateResult("completeness_ledger", "completeness", GateResult.Severity.WARN, polls == 0 ? 1 : 0,
                        polls == 0 ? List.of("no polls in " + ctx.window().start() + " to " + ctx.window().end())
                                : List.of(), "the window has ledger entries to judge completeness by"));
    }
}
