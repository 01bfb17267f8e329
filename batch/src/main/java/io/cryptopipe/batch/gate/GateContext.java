package io.cryptopipe.batch.gate;

import io.cryptopipe.batch.RunWindow;
import java.nio.file.Path;
import java.sql.Connection;

/** What gates read: the source PostgreSQL, the warehouse DuckDB (which also reads the lake) and the window. */
public record GateContext(Connection pg, Connection duckdb, Path lakeRoot, RunWindow window) {
    /** The lake files of one table in this window's partition, as a DuckDB table function. */
    public String lakePartition(String table) {
        return "read_parquet('" + lakeRoot.resolve(table).resolve("date=" + window.partition())
                .resolve("*.parquet").toString().replace("'", "''") + "')";
    }
}
