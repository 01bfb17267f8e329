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
     * Opens the warehouse. DuckDB lets one process write a database file, so it is opened per step and closed after,
     * never held while idle.
     */
    public Connection openWarehouse() throws SQLException {
        try {
            Files.createDirectories(warehouseFile().getParent());
        } catch (IOException e) {
            throw new SQLException("cannot create " + warehouseFile().getParent() + ": " + e.getMessage(), e);
        }
        return DriverManager.getConnection("jdbc:duckdb:" + warehouseFile());
    }
}
