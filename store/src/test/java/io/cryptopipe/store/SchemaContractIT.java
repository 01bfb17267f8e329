package io.cryptopipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema contract on real PostgreSQL servers: the embedded one (PostgreSQL 17) always, and Debian's
 * PostgreSQL 15 when {@code CRYPTOPIPE_TEST_PG_URL} names one (CI starts it). One embedded server for the class.
 */
class SchemaContractIT {
    static final String CONTRACT = "/schema-contract.tsv";

    @TempDir
    static Path data;
    static PgServer server;

    @BeforeAll
    static void start() throws IOException {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void migrationsProduceExactlyTheCheckedInContractOnTheEmbeddedServer() throws Exception {
        Schema.migrate(server.dataSource());
        assertThat(columns(server.dataSource())).containsExactlyElementsOf(contract());
    }

    @Test
    void migrationsProduceExactlyTheCheckedInContractOnDebiansPostgres15WhenCiProvidesIt() throws Exception {
        Optional<String> url = Optional.ofNullable(System.getenv("CRYPTOPIPE_TEST_PG_URL"));
        org.junit.jupiter.api.Assumptions.assumeTrue(url.isPresent(), "CRYPTOPIPE_TEST_PG_URL not set");
        PGSimpleDataSource debian = new PGSimpleDataSource();
        debian.setURL(url.get());
        try (Connection c = debian.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        Schema.migrate(debian);
        assertThat(columns(debian)).containsExactlyElementsOf(contract());
    }

    @Test
    void migratingTwiceChangesNothing() {
        Schema.migrate(server.dataSource());
        MigrateResult again = Schema.migrate(server.dataSource());
        assertThat(again.migrationsExecuted).isZero();
    }

    @Test
    void theEmbeddedServerIsDurableAndLocal() throws SQLException {
        assertThat(setting("fsync")).isEqualTo("on");
        assertThat(setting("synchronous_commit")).isEqualTo("on");
        assertThat(setting("full_page_writes")).isEqualTo("on");
        assertThat(setting("listen_addresses")).isEqualTo("127.0.0.1");
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectory() throws Exception {
        Path dir = data.resolve("restart");
        try (PgServer first = PgServer.start(dir.resolve("pg"), data.resolve("pg-runtime"))) {
            exec(first, "CREATE TABLE kept (v numeric); INSERT INTO kept VALUES (0.000000000000000001000)");
        }
        try (PgServer second = PgServer.start(dir.resolve("pg"), data.resolve("pg-runtime"));
             Connection c = second.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v::text FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("value and scale as written").isEqualTo("0.000000000000000001000");
        }
    }

    private static void exec(PgServer pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String setting(String name) throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code table, column, type, nullable} of every column in schema public but Flyway's own table. */
    static List<String> columns(DataSource db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type, is_nullable "
                     + "FROM information_schema.columns WHERE table_schema = 'public' "
                     + "AND table_name <> 'flyway_schema_history' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + rs.getString(4));
            }
        }
        return rows;
    }

    /**
     * The contract's lines in the order {@link #columns} lists them: by table name (as PostgreSQL sorts identifiers,
     * by code point), each table's lines in file order, which is column order. So a migration may append its lines
     * at the end of the file instead of interleaving them with the other tables'.
     */
    static List<String> contract() throws IOException {
        try (InputStream in = SchemaContractIT.class.getResourceAsStream(CONTRACT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .sorted(Comparator.comparing((String l) -> l.substring(0, l.indexOf('\t')))).toList();
        }
    }
}
