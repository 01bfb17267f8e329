package io.cryptopipe.store.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams rows into a stage table with {@code COPY FROM STDIN}, encoded as UTF-8 (the driver's client encoding) while
 * they are written, so a large batch never exists as one string. A copy that fails half-way is cancelled, which
 * leaves the connection able to roll back.
 */
final class StageCopy {
    private static final int BUFFER = 64 * 1024;

    private StageCopy() {
    }

    /**
     * Copies the rows into {@code stage}'s {@code columns} and {@code ord}.
     *
     * @return the rows copied
     */
    static long copy(Connection connection, String stage, List<String> columns, Iterable<SinkRow> rows)
            throws SQLException {
        PGCopyOutputStream out = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
                SinkSql.copy(stage, columns), BUFFER);
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
            for (SinkRow row : rows) {
                CopyText.appendRow(writer, columns, row.values(), row.order());
            }
            writer.flush();
            return out.endCopy();
        } catch (IOException e) {
            SQLException failure = asSqlException(e);
            cancel(out, failure);
            throw failure;
        } catch (SQLException | RuntimeException e) {
            cancel(out, e);
            throw e;
        }
    }

    private static void cancel(PGCopyOutputStream out, Exception failure) {
        if (out.isActive()) {
            try {
                out.cancelCopy();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The driver reports a failed COPY write as an IOException around the server's error. */
    private static SQLException asSqlException(IOException e) {
        return e.getCause() instanceof SQLException sql ? sql : new SQLException("COPY failed: " + e.getMessage(), e);
    }
}
