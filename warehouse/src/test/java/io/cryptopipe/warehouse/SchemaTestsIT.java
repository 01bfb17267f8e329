package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.core.batch.Partition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality project's child table holds one duplicated child_id (10), one null parent_id (warn), two orphan
 * parent_ids (3, 4) and a status outside the accepted values ('bad'; 'worse' is excluded by the test's where).
 */
class SchemaTestsIT {
    private static final RunContext DAY = RunContext.of(new Partition(LocalDate.parse("2026-11-01")), false);

    @TempDir
    Path tmp;

    private Connection duckdb;
    private final Project quality = Project.load(ProjectTest.projectDir("quality"));
    private Map<String, TestOutcome> outcomes;

    @BeforeEach
    void runModelsAndTests() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("q.duckdb"));
        new ModelRunner(quality, duckdb, tmp).run(DAY, line -> { });
        outcomes = new SchemaTests(quality).run(duckdb).stream()
                .collect(Collectors.toMap(TestOutcome::name, Function.identity()));
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
    }

    @Test
    void uniqueCatchesTheDuplicatedValueWithItAsSampleKey() {
        TestOutcome t = outcomes.get("unique_child_child_id");

        assertThat(t.failures()).isEqualTo(1);
        assertThat(t.sampleKeys()).containsExactly("10");
        assertThat(t.severity()).isEqualTo(Severity.ERROR);
        assertThat(t.model()).isEqualTo("child");
        assertThat(t.column()).isEqualTo("child_id");
        assertThat(t.kind()).isEqualTo("unique");
    }

    @Test
    void notNullCatchesTheNullRowKeyedByTheModelsGrainAndKeepsItsWarnSeverity() {
        TestOutcome t = outcomes.get("not_null_child_parent_id");

        assertThat(t.failures()).isEqualTo(1);
        assertThat(t.sampleKeys()).containsExactly("(11, z)");
        assertThat(t.severity()).isEqualTo(Severity.WARN);
        assertThat(outcomes.get("not_null_child_child_id").passed()).isTrue();
    }

    @Test
    void relationshipsCatchesOrphansButLetsNullsPass() {
        TestOutcome t = outcomes.get("relationships_child_parent_id__id__ref_parent_");

        assertThat(t.failures()).isEqualTo(2);
        assertThat(t.sampleKeys()).containsExactly("3", "4");
    }

    @Test
    void acceptedValuesCatchesAValueOutsideTheListWithinItsWhere() {
        TestOutcome t = outcomes.get("accepted_values_child_status__x__y__z");

        assertThat(t.failures()).isEqualTo(1);
        assertThat(t.sampleKeys()).containsExactly("bad");
    }

    @Test
    void uniqueCombinationHonoursWhereAndTheNameWithoutPrefix() {
        assertThat(outcomes.get("dbt_utils_unique_combination_of_columns_child_child_id__parent_id").passed())
                .isTrue();
        // child_id 10 is duplicated, but one of the two rows has status 'y', which the where leaves out
        assertThat(outcomes.get("unique_combination_of_columns_child_child_id").passed()).isTrue();
    }

    @Test
    void theGrainCheckIsRunForTheDeclaredGrain() {
        TestOutcome grain = outcomes.get("grain_child_child_id__status");

        assertThat(grain.kind()).isEqualTo(TestDefinition.UNIQUE_COMBINATION);
        assertThat(grain.passed()).isTrue();
    }

    @Test
    void errorAndWarnFailuresAreKeptApart() {
        List<String> errors = outcomes.values().stream()
                .filter(o -> !o.passed() && o.severity() == Severity.ERROR).map(TestOutcome::name).sorted().toList();
        List<String> warnings = outcomes.values().stream()
                .filter(o -> !o.passed() && o.severity() == Severity.WARN).map(TestOutcome::name).sorted().toList();

        assertThat(errors).containsExactly("accepted_values_child_status__x__y__z",
                "relationships_child_parent_id__id__ref_parent_", "unique_child_child_id");
        assertThat(warnings).containsExactly("not_null_child_parent_id");
        assertThat(outcomes).hasSize(10);
    }

    @Test
    void eachOutcomeCarriesTheQueryThatListsItsFailures() throws SQLException {
        TestOutcome t = outcomes.get("unique_child_child_id");

        try (Statement s = duckdb.createStatement();
             var rs = s.executeQuery("SELECT failing_key FROM (" + t.sql() + ")")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("10");
        }
    }

    @Test
    void aGrainWithDuplicatesFailsItsGrainCheck() throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute("INSERT INTO main.child VALUES (12, 2, 'bad')");
        }

        TestOutcome grain = new SchemaTests(quality).run(duckdb).stream()
                .filter(o -> o.name().equals("grain_child_child_id__status")).findFirst().orElseThrow();

        assertThat(grain.failures()).isEqualTo(1);
        assertThat(grain.sampleKeys()).containsExactly("(12, bad)");
    }

    @Test
    void aTestWhoseQueryFailsNamesTheTestAndFile() throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE main.parent AS SELECT 1 AS other");
        }

        assertThatThrownBy(() -> new SchemaTests(quality).run(duckdb))
                .hasMessageContaining("unique_parent_id")
                .hasMessageContaining("models/schema.yml");
    }
}
