package io.cryptopipe.publish;

import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.warehouse.BigQuerySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a day of each mart from the DuckDB warehouse as one Parquet file: the day's rows of a mart with a
 * {@code date} column, the whole of one without (the dimensions). DuckDB writes its DECIMAL(p,s) as Parquet
 * DECIMAL(p,s), so a DECIMAL(38,18) stays exact and loads as BIGNUMERIC.
 */
final class MartExport {
    static final String DATE_COLUMN = "date";

    /**
     * One mart's file.
     *
     * @param partitioned whether the mart has a {@code date} column: the file holds the day, loaded into its partition
     */
    record Exported(String mart, Path file, long rows, boolean partitioned, List<BigQuerySchema.Field> fields) {
    }

    private MartExport() {
    }

    /** Exports every mart of {@code schema}'s project for {@code day} into {@code dir}, in the project's order. */
    static List<Exported> export(Path warehouseFile, BigQuerySchema schema, Partition day, Path dir) {
        if (!Files.isRegularFile(warehouseFile)) {
            throw new PublishException("no warehouse at " + warehouseFile + "; run `cryptopipe batch run --date "
                    + day + "` first");
        }
        List<Exported> exported = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Properties props = new Properties();
            props.setProperty("duckdb.read_only", "true");
            props.setProperty("memory_limit", "1GB");
            try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + warehouseFile, props);
                 Statement st = duckdb.createStatement()) {
                for (String mart : schema.marts()) {
                    Map<String, String> columns = BigQuerySchema.columns(duckdb, mart);
                    if (columns.isEmpty()) {
                        throw new PublishException("mart " + mart + " is not built in " + warehouseFile
                                + "; run `cryptopipe batch run --date " + day + "` first");
                    }
                    boolean partitioned = columns.containsKey(DATE_COLUMN);
                    Path file = dir.resolve(mart + ".parquet");
                    Files.deleteIfExists(file);
                    st.execute("COPY (SELECT * FROM main." + mart
                            + (partitioned ? " WHERE " + DATE_COLUMN + " = DATE '" + day + "'" : "")
                            + ") TO " + literal(file.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
                    exported.add(new Exported(mart, file, rows(st, file), partitioned, schema.fields(mart, columns)));
                }
            }
        } catch (SQLException e) {
            throw new PublishException("exporting the marts of " + day + " from " + warehouseFile + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new PublishException("writing the mart files of " + day + " to " + dir + ": " + e, e);
        }
        if (exported.stream().filter(Exported::partitioned).allMatch(e -> e.rows() == 0)) {
            throw new PublishException("the warehouse has no rows for " + day + " in any dated mart; run "
                    + "`cryptopipe batch run --date " + day + "` first");
        }
        return exported;
    }

    /** Rows of a written file, read back from the file itself. */
    static long rows(Statement st, Path parquet) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + literal(parquet.toString()) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
