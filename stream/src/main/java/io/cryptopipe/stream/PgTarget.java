package io.cryptopipe.stream;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the sink writes: a JDBC URL and credentials that Spark carries to its tasks (serialized into the task, so on
 * a cluster the password travels to the executors as Spark's own JDBC writer does). {@link #toString()} never shows
 * the password.
 *
 * @param password null when the server trusts the connection (the embedded one)
 */
public record PgTarget(String jdbcUrl, String user, String password) implements Serializable {
    public PgTarget {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "cryptopipe-stream");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public String toString() {
        return "PgTarget[" + io.cryptopipe.core.config.ResolvedConfig.maskUrl(jdbcUrl) + ", user=" + user
                + (password == null ? "" : ", password=***") + "]";
    }
}
