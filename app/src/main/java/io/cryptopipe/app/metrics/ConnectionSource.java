package io.cryptopipe.app.metrics;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new PostgreSQL connection, which the caller closes (e.g. {@code database::connect}). */
@FunctionalInterface
public interface ConnectionSource {
    Connection connect() throws SQLException;
}
