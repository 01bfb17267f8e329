package io.cryptopipe.serve;

import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** The embedded PostgreSQL of a test class, migrated and loaded with {@code dashboard-fixture.sql}. */
final class ServeTestDb {
    /** "Now" of the fixture. */
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private ServeTestDb() {
    }

    static PgServer start(Path dir) throws IOException {
        PgServer server = PgServer.start(dir.resolve("pg"), dir.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        return server;
    }

    static void loadFixture(DataSource db) throws IOException, SQLException {
        String sql;
        try (InputStream in = ServeTestDb.class.getResourceAsStream("/dashboard-fixture.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        execute(db, sql);
    }

    static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
