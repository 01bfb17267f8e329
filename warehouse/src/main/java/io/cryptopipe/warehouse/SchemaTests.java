package io.cryptopipe.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a project's schema.yml tests (with its {@link GrainCheck}s) against the models' relations in {@code main},
 * the way dbt does: each test is a query for the failing rows, a test fails when it finds any, and its
 * {@link Severity} says whether that failure should fail the run (the caller decides).
 */
public final class SchemaTests {
    private static final int SAMPLES = 5;

    private final Project project;

    public SchemaTests(Project project) {
        this.project = project;
    }

    /**
     * Every test's outcome, in declaration order (grain checks last).
     *
     * @throws IllegalStateException when a test's query itself fails (e.g. a column that does not exist), naming
     *                               the test, its file and DuckDB's message
     */
    public List<TestOutcome> run(Connection duckdb) {
        List<TestOutcome> out = new ArrayList<>();
        for (TestDefinition t : project.tests()) {
            String sql = sql(t);
            try (Statement s = duckdb.createStatement()) {
                long failures;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + sql + ") AS failing")) {
                    rs.next();
                    failures = rs.getLong(1);
                }
                List<String> samples = new ArrayList<>();
                if (failures > 0) {
                    try (Statement s2 = duckdb.createStatement();
                         ResultSet rs = s2.executeQuery("SELECT failing_key FROM (" + sql + ") AS failing"
                                 + " ORDER BY failing_key NULLS FIRST LIMIT " + SAMPLES)) {
                        while (rs.next()) {
                            samples.add(rs.getString(1) == null ? "NULL" : rs.getString(1));
                        }
                    }
                }
                out.add(new TestOutcome(t.name(), t.model(), t.column(), t.kind(), t.severity(), failures, samples,
                        sql));
            } catch (SQLException e) {
                throw new IllegalStateException("Test " + t.name() + " (" + t.file() + ", model " + t.model()
                        + ") cannot run: " + e.getMessage() + "\n" + sql, e);
            }
        }
        return out;
    }

    /** The query returning one row per failure of {@code t}, its key in {@code failing_key}. */
    public String sql(TestDefinition t) {
        Model model = project.model(t.model());
        String rel = t.where() == null ? model.relation()
                : "(SELECT * FROM " + model.relation() + " WHERE " + t.where() + ")";
        String c = t.column() == null ? null : ModelRunner.ident(t.column());
        return switch (t.kind()) {
            case TestDefinition.UNIQUE -> "SELECT CAST(" + c + " AS VARCHAR) AS failing_key, count(*) AS n FROM "
                    + rel + " AS t WHERE " + c + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1";
            case TestDefinition.NOT_NULL -> "SELECT " + (model.grain().isEmpty() ? "CAST(t AS VARCHAR)"
                    : key(model.grain())) + " AS failing_key FROM " + rel + " AS t WHERE " + c + " IS NULL";
            case TestDefinition.ACCEPTED_VALUES -> "SELECT CAST(" + c + " AS VARCHAR) AS failing_key, count(*) AS n"
                    + " FROM " + rel + " AS t WHERE " + c + " NOT IN (" + t.values().stream()
                    .map(v -> t.quote() ? ModelRunner.literal(v) : v).collect(Collectors.joining(", "))
                    + ") GROUP BY " + c;
            case TestDefinition.RELATIONSHIPS -> "SELECT CAST(child." + c + " AS VARCHAR) AS failing_key FROM " + rel
                    + " AS child LEFT JOIN (SELECT DISTINCT " + ModelRunner.ident(t.toField()) + " AS to_field FROM "
                    + project.model(t.toModel()).relation() + ") AS parent ON child." + c + " = parent.to_field"
                    + " WHERE child." + c + " IS NOT NULL AND parent.to_field IS NULL";
            case TestDefinition.UNIQUE_COMBINATION -> "SELECT " + key(t.columns()) + " AS failing_key, count(*) AS n"
                    + " FROM " + rel + " AS t GROUP BY " + t.columns().stream().map(ModelRunner::ident)
                    .collect(Collectors.joining(", ")) + " HAVING count(*) > 1";
            default -> throw new IllegalArgumentException("Unknown test kind " + t.kind());
        };
    }

    /** The text of a key: the value for one column, DuckDB's {@code (a, b)} row text for several. */
    private static String key(List<String> columns) {
        if (columns.size() == 1) {
            return "CAST(" + ModelRunner.ident(columns.get(0)) + " AS VARCHAR)";
        }
        return "CAST(row(" + columns.stream().map(ModelRunner::ident).collect(Collectors.joining(", "))
                + ") AS VARCHAR)";
    }
}
