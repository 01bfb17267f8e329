package io.cryptopipe.warehouse;

import java.util.List;

/**
 * One schema test's result.
 *
 * @param column     null for model-level tests
 * @param kind       as in {@link TestDefinition#kind()}
 * @param failures   dbt's count: duplicated values (unique), null rows (not_null), orphan rows (relationships),
 *                   distinct values outside the list (accepted_values), duplicated key tuples (combinations)
 * @param sampleKeys up to 5 failing values or key tuples, as DuckDB prints them ({@code (a, b)} for tuples; for
 *                   not_null, the row's grain tuple, or the whole row when the model has no grain)
 * @param sql        the query returning one row per failure (column {@code failing_key})
 */
public record TestOutcome(
        String name,
        String model,
        String column,
        String kind,
        Severity severity,
        long failures,
        List<String> sampleKeys,
        String sql) {
    public TestOutcome {
        sampleKeys = List.copyOf(sampleKeys);
    }

    public boolean passed() {
        return failures == 0;
    }
}
