package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import io.cryptopipe.stream.PgTarget;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the pipeline writes to: the embedded durable server of the data directory, an external one
 * ({@code --pg-url}, password from the environment or a file), or the embedded server a running {@code up},
 * {@code ingest} or {@code stream} of the same data directory already started. Brought to the schema contract on open.
 */
final class Database implements AutoCloseable {
    private final PgTarget target;
    private final PgServer server;

    private Database(PgTarget target, PgServer server) {
        this.target = target;
        this.server = server;
    }

    /**
     * @param attachTo the JDBC URL of the embedded server another process of this data directory runs, if any
     */
    static Database open(ResolvedConfig config, DataDir data, Optional<String> attachTo) throws IOException {
        Optional<String> url = config.find(ConfigKeys.PG_URL).or(() -> attachTo);
        PgServer server = null;
        PgTarget target;
        if (url.isPresent()) {
            target = new PgTarget(url.get(), null, config.find(ConfigKeys.PG_PASSWORD).orElse(null));
        } else {
            server = PgServer.start(data.root().resolve("pg"), data.root().resolve("pg-runtime"));
            target = new PgTarget(server.jdbcUrl(), null, null);
        }
        Database database = new Database(target, server);
        try {
            Schema.migrate(database.dataSource());
        } catch (RuntimeException e) {
            database.close();
            throw new IOException("cannot bring " + database.shownUrl() + " to the schema: " + e.getMessage(), e);
        }
        return database;
    }

    PgTarget target() {
        return target;
    }

    boolean embedded() {
        return server != null;
    }

    /** The JDBC URL with any password masked, for output and logs. */
    String shownUrl() {
        return ResolvedConfig.maskUrl(target.jdbcUrl());
    }

    Connection connect() throws SQLException {
        return target.connect();
    }

    javax.sql.DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(target.jdbcUrl());
        if (target.password() != null) {
            ds.setPassword(target.password());
        }
        return ds;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
