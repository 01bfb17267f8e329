package io.cryptopipe.batch.gate;

import io.cryptopipe.lake.LakeExtractor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Row counts and sums per table must be equal in PostgreSQL (the source, as the extract reads it: rounded to 18
 * places), in the lake partition and in the warehouse fact of that date. A row lost or doubled on the way, or a value
 * changed, shows as a mismatching measure; each mismatch counts as one failure, with the three values as a sample.
 */
public final class ReconciliationGate implements Gate {
    /** A source table, the measures summed, and the warehouse fact holding its rows (if one does). */
    record Reconciled(String table, List<String> measures, Optional<String> fact) {
    }

    static final List<Reconciled> TABLES = List.of(
            new Reconciled("asset_snapshots", List.of("price_usd", "market_cap_usd", "volume_usd_24hr", "supply"),
                    Optional.of("fct_asset_snapshot")),
            new Reconciled("market_snapshots", List.of("price_usd", "volume_usd_24hr"),
                    Optional.of("fct_market_snapshot")),
            new Reconciled("rate_snapshots", List.of("rate_usd"), Optional.of("fct_rate_snapshot")),
            new Reconciled("exchange_snapshots", List.of("volume_usd"), Optional.empty()),
            new Reconciled("ingest_ledger", List.of(), Optional.empty()));

    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        List<GateResult> results = new ArrayList<>();
        for (Reconciled t : TABLES) {
            results.add(reconcile(ctx, t));
        }
        return results;
    }

    private static GateResult reconcile(GateContext ctx, Reconciled t) throws SQLException {
        List<String> labels = new ArrayList<>(List.of("rows"));
        labels.addAll(t.measures());
        List<BigDecimal> source = measuresInPostgres(ctx, t);
        List<BigDecimal> lake = measures(ctx.duckdb(), t, ctx.lakePartition(t.table()), "");
        Optional<List<BigDecimal>> warehouse = t.fact().isEmpty() ? Optional.empty()
                : Optional.of(measures(ctx.duckdb(), t, "main." + t.fact().get(), " WHERE date = DATE '"
                + ctx.window().partition() + "'"));
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            BigDecimal want = source.get(i);
            BigDecimal inLake = lake.get(i);
            BigDecimal inWarehouse = warehouse.isPresent() ? warehouse.get().get(i) : want;
            if (!same(want, inLake) || !same(want, inWarehouse)) {
                mismatches.add(t.table() + "." + labels.get(i) + ": postgres " + want + ", lake " + inLake
                        + (warehouse.isPresent() ? ", warehouse " + inWarehouse : ""));
            }
        }
        return new GateResult("reconcile_" + t.table(), "reconciliation", GateResult.Severity.ERROR,
                mismatches.size(), mismatches, "count" + (t.measures().isEmpty() ? "" : " and sums of "
                + String.join(", ", t.measures())) + " equal in postgres, lake" + t.fact().map(f -> " and " + f)
                .orElse(""));
    }

    private static List<BigDecimal> measuresInPostgres(GateContext ctx, Reconciled t) throws SQLException {
        String sums = t.measures().stream().map(m -> ", sum(" + LakeExtractor.decimalExpression(m) + ")")
                .collect(Collectors.joining());
        try (PreparedStatement st = ctx.pg().prepareStatement("SELECT count(*)" + sums + " FROM " + t.table()
                + " WHERE observed_at >= ? AND observed_at < ?")) {
            st.setTimestamp(1, Timestamp.from(ctx.window().partition().start()));
            st.setTimestamp(2, Timestamp.from(ctx.window().partition().end()));
            return row(st, t.measures().size() + 1);
        }
    }

    private static List<BigDecimal> measures(Connection duckdb, Reconciled t, String relation, String where)
            throws SQLException {
        String sums = t.measures().stream().map(m -> ", sum(" + m + ")").collect(Collectors.joining());
        try (PreparedStatement st = duckdb.prepareStatement("SELECT count(*)" + sums + " FROM " + relation + where)) {
            return row(st, t.measures().size() + 1);
        } catch (SQLException e) {
            // A missing lake partition or warehouse table is a mismatch to report, not a crash of the gate.
            List<BigDecimal> none = new ArrayList<>();
            for (int i = 0; i <= t.measures().size(); i++) {
                none.add(null);
            }
            return none;
        }
    }

    private static List<BigDecimal> row(PreparedStatement st, int columns) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            List<BigDecimal> values = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                values.add(rs.getBigDecimal(i));
            }
            return values;
        }
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return Objects.equals(a, b);
        }
        return a.compareTo(b) == 0;
    }
}
