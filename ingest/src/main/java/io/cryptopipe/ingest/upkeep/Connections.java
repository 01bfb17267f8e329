package io.cryptopipe.ingest.upkeep;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the pipeline's PostgreSQL; the caller closes it. */
@FunctionalInterface
public interface Connections {
    Connection open() throws SQLException;
}
