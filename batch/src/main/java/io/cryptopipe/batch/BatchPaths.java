package io.cryptopipe.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the batch keeps its files in a data directory: {@code lake/}, {@code warehouse/}, {@code reports/}. */
public record BatchPaths(Path root) {
    public Path lake() {
        return root.resolve("lake");
    }

    public Path warehouseFile() {
        return root.resolve("warehouse").resolve("cryptopipe.duckdb");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /**
     * DuckDB's own memory cap. Its default is 80% of the machine's RAM, outside the JVM heap: on a day of 8.6M rows it
     * took the process to 10 GB resident. Beyond the cap it spills to {@code <warehouse>/cryptopipe.duckdb.tmp}.
     */
    static final String MEMORY_LIMIT = "1GB";

    /**
     * Opens the warehouse. DuckDB lets one process write a database file, so it is opened per step and closed after,
     * never held while idle. Insertion order is not preserved (no model relies on it), which lets DuckDB stream large
     * CREATE TABLE AS without buffering.
     */
    public Connection openWarehouse() throws SQLException {
        try {
            Files.createDirectories(warehouseFile().getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create " + warehouseFile().getParent() + ": " + e.getMessage(), e);
        }
        java.util.Properties props = new java.util.Properties();
        props.setProperty("memory_limit", MEMORY_LIMIT);
        props.setProperty("preserve_insertion_order", "false");
        return DriverManager.getConnection("jdbc:duckdb:" + warehouseFile(), props);
    }
}
