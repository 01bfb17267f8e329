package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateSubsetTest {
    private static final String FILE = "models/marts/m.sql";

    @ParameterizedTest(name = "{0} is rejected")
    @CsvSource(delimiter = '^', quoteCharacter = '"', textBlock = """
            {% set x = 1 %}                          ^ {% set %}
            {% for r in rows %}x{% endfor %}         ^ {% for %}
            {% macro m() %}x{% endmacro %}           ^ {% macro %}
            {% include 'other.sql' %}                ^ {% include %}
            {% import 'm.sql' as m %}                ^ {% import %}
            {% call m() %}x{% endcall %}             ^ {% call %}
            {{ var('d') }}                           ^ function 'var'
            {{ env_var('X') }}                       ^ function 'env_var'
            {{ run_query('select 1') }}              ^ function 'run_query'
            {{ adapter.quote('x') }}                 ^ '.' after adapter
            {{ ref('a') | upper }}                   ^ filter '|upper'
            {{ target }}                             ^ unknown variable 'target'
            {{ ref('a') ~ 'x' }}                     ^ '~' after ref
            {{ ref('a', 'b') }}                      ^ ref takes one quoted model name
            {{ ref(name) }}                          ^ unknown variable or call 'name'
            {{ source('s') }}                        ^ source takes two quoted names
            {{ config(materialized='ephemeral') }}   ^ materialized must be
            {{ config(schema='x') }}                 ^ config argument 'schema'
            {{ is_incremental() }}                   ^ may only be used in {% if %}
            {% if target == 'dev' %}x{% endif %}     ^ an if tag may only test is_incremental()
            {% if is_incremental() %}x               ^ if without endif
            x{% endif %}                             ^ endif without an open if
            {{ this.name }}                          ^ '.' after this
            """)
    void rejectsEachConstructOutsideTheSubsetNamingFileLineAndConstruct(String template, String expected) {
        String onLineThree = "select 1\nfrom t\n" + template + "\n";

        List<String> violations = TemplateSubset.violations(FILE, onLineThree);

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).startsWith(FILE + ":3: ").contains(expected);
    }

    @Test
    void acceptsEveryConstructOfTheSubset() {
        String template = """
                {# a comment {{ var('x') }} is not code #}
                {{ config(materialized='incremental', unique_key=['date', 'asset_id']) }}
                select * from {{ ref('stg_a') }} a
                join {{ source('lake', 'assets') }} s using (asset_id)
                {%- if is_incremental() %}
                where a.date > (select max(date) from {{ this }})
                {% else %}
                where true
                {% endif -%}
                {% if not is_incremental() %}{{- ref("stg_b") -}}{% endif %}
                """;

        assertThat(TemplateSubset.violations(FILE, template)).isEmpty();
    }

    @Test
    void reportsEveryViolationOfATemplateWithItsOwnLine() {
        String template = "{% set x = 1 %}\nselect {{ var('d') }}\nfrom {{ ref('a') | upper }}\n";

        assertThat(TemplateSubset.violations(FILE, template))
                .hasSize(3)
                .satisfiesExactly(
                        v -> assertThat(v).startsWith(FILE + ":1: {% set %}"),
                        v -> assertThat(v).startsWith(FILE + ":2: ").contains("var"),
                        v -> assertThat(v).startsWith(FILE + ":3: ").contains("|upper"));
    }

    @Test
    void readsTheConfigRefsAndSourcesTheTemplateUses() {
        var a = TemplateSubset.analyze(FILE, "{{ config(materialized='incremental', unique_key='date') }}"
                + "select * from {{ ref('x') }}, {{ ref('y') }}, {{ source('lake', 't') }}");

        assertThat(a.violations()).isEmpty();
        assertThat(a.materialized()).isEqualTo("incremental");
        assertThat(a.uniqueKey()).containsExactly("date");
        assertThat(a.refs()).containsExactlyInAnyOrder("x", "y");
        assertThat(a.sources()).containsExactly(List.of("lake", "t"));
    }

    @Test
    void rejectsASecondConfigCall() {
        assertThat(TemplateSubset.violations(FILE,
                "{{ config(materialized='table') }}\n{{ config(materialized='view') }}"))
                .singleElement().asString().startsWith(FILE + ":2: ").contains("second config()");
    }
}
