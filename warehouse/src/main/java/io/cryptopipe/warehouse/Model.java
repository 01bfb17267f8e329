package io.cryptopipe.warehouse;

import java.util.List;
import java.util.Set;

/**
 * One SQL model.
 *
 * @param name         the file name without {@code .sql}; the relation is {@code main.<name>}
 * @param path         the file relative to the project root, e.g. {@code models/marts/fct_asset_daily.sql}
 * @param template     the Jinja source as written
 * @param materialized {@code view} (dbt's default when the template has no {@code config()}), {@code table} or
 *                     {@code incremental}, from the template's {@code config(materialized=...)}
 * @param uniqueKey    from {@code config(unique_key=...)}; empty when not given
 * @param refs         the models named by {@code ref()}
 * @param grain        from schema.yml {@code meta: {grain: [...]}}; empty when not declared
 * @param description  from schema.yml; empty when not declared
 */
public record Model(
        String name,
        String path,
        String template,
        String materialized,
        List<String> uniqueKey,
        Set<String> refs,
        List<String> grain,
        String description) {
    public static final String VIEW = "view";
    public static final String TABLE = "table";
    public static final String INCREMENTAL = "incremental";

    public Model {
        uniqueKey = List.copyOf(uniqueKey);
        refs = Set.copyOf(refs);
        grain = List.copyOf(grain);
        description = description == null ? "" : description;
    }

    /** {@code main.<name>}: the relation {@code ref()} and {@code this} render to. */
    public String relation() {
        return "main." + name;
    }
}
