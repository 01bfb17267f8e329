package io.cryptopipe.warehouse;

/**
 * One table of a schema.yml {@code sources:} entry.
 *
 * @param source           the source's name, the first argument of {@code source()}
 * @param table            the table's name, the second argument
 * @param externalLocation the table's (or else the source's) {@code meta.external_location} with {@code {name}}
 *                         replaced by the table name, e.g. {@code read_parquet('lake/assets/*}{@code /*.parquet',
 *                         hive_partitioning = true)}; null when the table lives in DuckDB as {@code main.<table>}
 * @param file             the schema file declaring it
 */
public record SourceTable(String source, String table, String externalLocation, String file) {
    /** The key {@code source('src', 'table')} looks up. */
    public String key() {
        return source + "." + table;
    }
}
