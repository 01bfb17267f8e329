package io.cryptopipe.batch.gate;

import io.cryptopipe.lake.LakeExtractor;
import io.cryptopipe.lake.LakeTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Counts, in PostgreSQL, the values the lake's DECIMAL(38,18) cannot hold: a non-zero digit beyond 18 places (the
 * extract rounds it) or more than 20 integer digits (the extract writes NULL). Prices, supplies, volumes, market caps
 * and rates must lose nothing (error); the percentage fields, which CoinCap sends with float artefacts, warn.
 */
public final class DecimalLossGate implements Gate {
    /**
     * Columns where the API's own digits may exceed what DECIMAL(38,18) keeps, so a loss there is a warning: the
     * percentages, and vwap24Hr, which CoinCap sends with about 16 significant digits and no padding (a coin priced
     * below 0.0001 USD has a vwap with more than 18 decimal places). Prices themselves carry 18 places at most.
     */
    static final Set<String> PERCENTAGES = Set.of("change_percent_24hr", "percent_total_volume",
            "percent_exchange_volume", "vwap_24hr");

    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        List<GateResult> results = new ArrayList<>();
        for (LakeTable table : LakeTable.values()) {
            List<String> money = table.decimalColumns().stream().filter(c -> !PERCENTAGES.contains(c)).toList();
            List<String> percent = table.decimalColumns().stream().filter(PERCENTAGES::contains).toList();
            if (!money.isEmpty()) {
                results.add(check(ctx, table, money, GateResult.Severity.ERROR, ""));
            }
            if (!percent.isEmpty()) {
                results.add(check(ctx, table, percent, GateResult.Severity.WARN, "_float_digits"));
            }
        }
        return results;
    }

    private static GateResult check(GateContext ctx, LakeTable table, List<String> columns,
                                    GateResult.Severity severity, String suffix) throws Exception {
        // Exactly the values the extract's expression changes: rounded, or beyond DECIMAL(38,18) and so NULL.
        List<String> perColumn = columns.stream().map(c -> "(" + c + " IS NOT NULL AND "
                + LakeExtractor.decimalExpression(c) + " IS DISTINCT FROM " + c + ")").toList();
        String lossy = String.join(" OR ", perColumn);
        String where = " FROM " + table.tableName() + " WHERE observed_at >= ? AND observed_at < ? AND (" + lossy + ")";
        Timestamp from = Timestamp.from(ctx.window().partition().start());
        Timestamp to = Timestamp.from(ctx.window().partition().end());
        long failures = Sql.count(ctx.pg(), "SELECT count(*)" + where, from, to);
        List<String> samples = failures == 0 ? List.of() : Sql.rows(ctx.pg(), "SELECT "
                + String.join(" || '/' || ", table.keyColumns().stream().map(k -> k + "::text").toList())
                + " || ' ' || concat_ws(' ', " + java.util.stream.IntStream.range(0, columns.size())
                .mapToObj(i -> "CASE WHEN " + perColumn.get(i) + " THEN '" + columns.get(i) + "=' || " + columns.get(i)
                        + " END").collect(Collectors.joining(", ")) + ")" + where + " LIMIT 5", from, to);
        return new GateResult("decimal_loss_" + table.tableName() + suffix, "decimal_loss", severity, failures,
                samples, "columns " + String.join(", ", columns) + " must fit DECIMAL(38,18) exactly");
    }
}
