package io.cryptopipe.batch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The PostgreSQL the stream writes to, as the batch reads it: URL plus optional user and password (never logged). */
public record SourceDb(String jdbcUrl, String user, String password) {
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    @Override
    public String toString() {
        return "SourceDb[" + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****") + "]";
    }
}
