package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectTest {
    static Path projectDir(String name) {
        try {
            return Path.of(ProjectTest.class.getResource("/projects/" + name + "/dbt_project.yml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> files(String... pathsAndTexts) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dbt_project.yml", "name: t\n");
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return files;
    }

    @Test
    void loadsModelsInDependencyOrderWithConfigGrainAndDescriptionFromTheirFiles() {
        Project p = Project.load(projectDir("tiny"));

        assertThat(p.name()).isEqualTo("tiny");
        assertThat(p.models()).extracting(Model::name).containsExactly("stg_prices", "dim_asset", "fct_daily");
        Model fct = p.model("fct_daily");
        assertThat(fct.path()).isEqualTo("models/marts/fct_daily.sql");
        assertThat(fct.materialized()).isEqualTo("incremental");
        assertThat(fct.uniqueKey()).containsExactly("date", "asset_id");
        assertThat(fct.refs()).containsExactly("stg_prices");
        assertThat(fct.grain()).containsExactly("date", "asset_id");
        assertThat(fct.description()).isEqualTo("One row per day and asset.");
        assertThat(p.model("stg_prices").materialized()).isEqualTo("view");
        assertThat(p.model("dim_asset").materialized()).isEqualTo("table");
    }

    @Test
    void readsSourcesWithTheirExternalLocationNamedForTheTable() {
        Project p = Project.load(projectDir("tiny"));

        assertThat(p.sources()).extracting(SourceTable::key).containsExactly("lake.prices", "batch.run_context");
        assertThat(p.source("lake", "prices").orElseThrow().externalLocation())
                .isEqualTo("read_parquet('lake/prices/*/*.parquet', hive_partitioning = true)");
        assertThat(p.source("batch", "run_context").orElseThrow().externalLocation()).isNull();
    }

    @Test
    void namesTestsAsDbtDoesAndAddsAGrainCheckOnlyWhereNoneIsDeclared() {
        Project p = Project.load(projectDir("tiny"));

        assertThat(p.tests()).extracting(TestDefinition::name).containsExactlyInAnyOrder(
                "not_null_stg_prices_asset_id",
                "unique_dim_asset_asset_id",
                "not_null_dim_asset_asset_id",
                "relationships_fct_daily_asset_id__asset_id__ref_dim_asset_",
                "grain_stg_prices_asset_id__observed_at",
                "grain_fct_daily_date__asset_id");
    }

    @Test
    void readsSeverityWhereAndEveryTestKind() {
        Project p = Project.load(projectDir("quality"));

        TestDefinition warn = p.tests().stream()
                .filter(t -> t.name().equals("unique_combination_of_columns_child_child_id")).findFirst().orElseThrow();
        assertThat(warn.severity()).isEqualTo(Severity.WARN);
        assertThat(warn.where()).isEqualTo("status <> 'y'");
        assertThat(p.tests()).extracting(TestDefinition::name).contains(
                "dbt_utils_unique_combination_of_columns_child_child_id__parent_id",
                "accepted_values_child_status__x__y__z",
                "not_null_child_parent_id",
                "grain_child_child_id__status");
    }

    @Test
    void ordersIndependentModelsAlphabeticallyAfterTheirParents() {
        Project p = Project.parse(files(
                "models/c.sql", "select * from {{ ref('b') }} join {{ ref('a') }} using (x)",
                "models/b.sql", "select * from {{ ref('a') }}",
                "models/z.sql", "select 1 as x",
                "models/a.sql", "select 1 as x"), "mem");

        assertThat(p.models()).extracting(Model::name).containsExactly("a", "b", "c", "z");
    }

    @Test
    void aCycleFailsNamingTheModelsOnIt() {
        assertThatThrownBy(() -> Project.parse(files(
                "models/a.sql", "select * from {{ ref('c') }}",
                "models/b.sql", "select * from {{ ref('a') }}",
                "models/c.sql", "select * from {{ ref('b') }}",
                "models/d.sql", "select * from {{ ref('a') }}"), "mem"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("dependency cycle")
                .hasMessageContaining("a (models/a.sql) -> c (models/c.sql) -> b (models/b.sql) -> a (models/a.sql)")
                .hasMessageNotContaining("d (");
    }

    @Test
    void anUnknownRefOrSourceFailsNamingTheModelFile() {
        assertThatThrownBy(() -> Project.parse(files(
                "models/a.sql", "select * from {{ ref('nope') }}, {{ source('lake', 'missing') }}"), "mem"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("models/a.sql: ref('nope') names no model")
                .hasMessageContaining("models/a.sql: source('lake', 'missing') is not declared");
    }

    @Test
    void loadFailsListingEveryTemplateViolationOfEveryFile() {
        ProjectException e = (ProjectException) org.assertj.core.api.Assertions.catchThrowable(() -> Project.parse(
                files("models/a.sql", "{% set x = 1 %}select 1",
                        "models/sub/b.sql", "select 1\n{{ var('d') }}"), "mem"));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).contains("models/a.sql:1: {% set %}").contains("models/sub/b.sql:2: ");
    }

    @Test
    void anUnknownTestKindFailsNamingTheFileAndTest() {
        assertThatThrownBy(() -> Project.parse(files(
                "models/a.sql", "select 1 as x",
                "models/schema.yml", """
                        version: 2
                        models:
                          - name: a
                            columns:
                              - name: x
                                tests: [unique, dbt_expectations.expect_column_to_exist]
                        """), "mem"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("models/schema.yml: model 'a' column 'x': unknown test kind"
                        + " 'dbt_expectations.expect_column_to_exist'");
    }

    @Test
    void aSchemaEntryForAMissingModelAndARelationshipToAnUnknownModelFail() {
        assertThatThrownBy(() -> Project.parse(files(
                "models/a.sql", "select 1 as x",
                "models/schema.yml", """
                        models:
                          - name: ghost
                          - name: a
                            columns:
                              - name: x
                                tests:
                                  - relationships: {to: ref('nowhere'), field: id}
                        """), "mem"))
                .hasMessageContaining("describes model 'ghost' but no models/**/ghost.sql exists")
                .hasMessageContaining("relationships to unknown model 'nowhere'");
    }

    @Test
    void aModelWithoutConfigIsAViewLikeInDbt() {
        Project p = Project.parse(files("models/a.sql", "select 1 as x"), "mem");

        assertThat(p.models()).singleElement().satisfies(m -> {
            assertThat(m.materialized()).isEqualTo("view");
            assertThat(m.uniqueKey()).isEmpty();
            assertThat(m.grain()).isEmpty();
        });
        assertThat(p.tests()).isEmpty();
    }

    @Test
    void aDeclaredUniqueCombinationOfTheGrainReplacesTheGeneratedGrainCheck() {
        Project p = Project.parse(files(
                "models/a.sql", "select 1 as x, 2 as y",
                "models/schema.yml", """
                        models:
                          - name: a
                            meta: {grain: [x, y]}
                            tests:
                              - dbt_utils.unique_combination_of_columns:
                                  combination_of_columns: [y, x]
                        """), "mem");

        assertThat(p.tests()).extracting(TestDefinition::name)
                .containsExactly("dbt_utils_unique_combination_of_columns_a_y__x");
    }
}
