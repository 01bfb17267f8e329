package io.cryptopipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data dictionary lives in the database as {@code COMMENT ON} (migration V7 and later): every table, view and
 * column of schema public (Flyway's own history table aside) must carry one, and {@code docs/data-dictionary.md} must
 * be exactly the dictionary rendered from {@code pg_description}. {@code -Dcryptopipe.regenerate=true} rewrites the
 * file instead of failing.
 */
class DataDictionaryIT {
    /** From the module directory, the working directory of failsafe's forked JVM. */
    static final Path FILE = Path.of("..", "docs", "data-dictionary.md");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final String REGENERATE = "cryptopipe.regenerate";
    private static final Pattern CREATED =
            Pattern.compile("(?i)\\bCREATE\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    static Path data;
    static PgServer server;

    @BeforeAll
    static void start() throws IOException {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void everyTableViewAndColumnHasAComment() throws SQLException {
        List<Relation> relations = relations(server.dataSource());
        assertThat(relations).as("relations of schema public").isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (Relation r : relations) {
            if (blank(r.comment())) {
                missing.add(r.kind() + " " + r.name());
            }
            for (Column c : r.columns()) {
                if (blank(c.comment())) {
                    missing.add("column " + r.name() + "." + c.name());
                }
            }
        }
        assertThat(missing).as("tables, views and columns without COMMENT ON (add them in a migration, as V7 does)")
                .isEmpty();
    }

    @Test
    void everyTableTheMigrationsCreateIsInTheDictionaryAndSaysItsGrain() throws Exception {
        List<Relation> relations = relations(server.dataSource());
        assertThat(relations.stream().map(Relation::name))
                .as("every table and view the migrations create, in migration order (db-scheduler's included)")
                .containsExactlyElementsOf(createdByMigrations())
                .contains("scheduled_tasks", "ingest_ledger", "candles_1m", "batch_runs");
        assertThat(relations).allSatisfy(r -> assertThat(r.comment()).as("comment of " + r.name()).contains("Grain: "));
    }

    @Test
    void everyDecimalColumnSaysItIsCoinCapsExactDecimalString() throws SQLException {
        List<String> vague = new ArrayList<>();
        for (Relation r : relations(server.dataSource())) {
            for (Column c : r.columns()) {
                if (c.type().startsWith("numeric") && (c.comment() == null
                        || !c.comment().contains("CoinCap's exact decimal string"))) {
                    vague.add(r.name() + "." + c.name());
                }
            }
        }
        assertThat(vague).as("numeric columns whose comment does not say they hold CoinCap's exact decimal string")
                .isEmpty();
    }

    @Test
    void docsDataDictionaryIsTheRenderedDictionary() throws Exception {
        String rendered = render(relations(server.dataSource()));
        if (Boolean.getBoolean(REGENERATE)) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as(FILE.toAbsolutePath().normalize() + " is not the dictionary rendered from the migrations' COMMENT ON;"
                        + " regenerate it: ./mvnw -o -B -pl store verify -Dit.test=DataDictionaryIT"
                        + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true")
                .isEqualTo(rendered);
    }

    record Column(String name, String type, boolean nullable, String comment) {
    }

    record Relation(String name, String kind, String comment, List<Column> columns) {
    }

    /**
     * Every table and view of schema public but Flyway's history, in the order the migrations create them (by
     * version, then position in the file); any the migrations do not name (none today) follow alphabetically.
     */
    static List<Relation> relations(DataSource db) throws SQLException {
        Map<String, Relation> byName = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') "
                    + "AND c.relname <> 'flyway_schema_history' ORDER BY c.relname")) {
                while (rs.next()) {
                    String kind = switch (rs.getString(2)) {
                        case "v" -> "view";
                        case "m" -> "materialized view";
                        default -> "table";
                    };
                    byName.put(rs.getString(1), new Relation(rs.getString(1), kind, rs.getString(3), new ArrayList<>()));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                    + "NOT a.attnotnull, col_description(c.oid, a.attnum) "
                    + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped "
                    + "ORDER BY c.relname, a.attnum")) {
                while (rs.next()) {
                    Relation r = byName.get(rs.getString(1));
                    if (r != null) {
                        r.columns().add(new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                    }
                }
            }
        }
        List<String> order;
        try {
            order = createdByMigrations();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the migrations", e);
        }
        List<Relation> out = new ArrayList<>();
        for (String name : order) {
            Relation r = byName.remove(name);
            if (r != null) {
                out.add(r);
            }
        }
        out.addAll(byName.values());
        return out;
    }

    /**
     * The tables and views named by CREATE TABLE / CREATE VIEW in the migrations (read from the sources, as failsafe
     * may put the packaged jar on the class path), by version then file position.
     */
    static List<String> createdByMigrations() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(MIGRATIONS)) {
            files = list.filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(DataDictionaryIT::version)).toList();
        }
        assertThat(files).as("migrations in " + MIGRATIONS.toAbsolutePath()).isNotEmpty();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String sql = Files.readString(f, StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--[^\n]*", "");
            Matcher m = CREATED.matcher(sql);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static int version(Path p) {
        Matcher m = VERSION.matcher(p.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    /** The markdown of the dictionary: a contents list, then per relation its comment and one table of columns. */
    static String render(List<Relation> relations) {
        StringBuilder b = new StringBuilder();
        b.append("# Data dictionary of the serving database (PostgreSQL)\n\n");
        b.append("<!-- Generated by store/src/test/java/io/cryptopipe/store/DataDictionaryIT.java from pg_description."
                + " Do not edit: change the COMMENT ON statements (store/src/main/resources/db/migration/V7__comments.sql"
                + " or a later migration), then run\n     ./mvnw -o -B -pl store verify -Dit.test=DataDictionaryIT"
                + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true -->\n\n");
        b.append("Every table, view and column of schema `public` as the Flyway migrations create it (Flyway's own"
                + " `flyway_schema_history` aside), in migration order, with the comment the database itself holds"
                + " (`\\d+ <table>` in psql shows the same). `numeric` columns hold CoinCap's decimal strings exactly:"
                + " the value and the scale as sent, never rounded. Times are `timestamp with time zone`."
                + " The diagrams and keys are in [schema.md](schema.md).\n\n");
        for (Relation r : relations) {
            b.append("- [`").append(r.name()).append("`](#").append(r.name()).append(")")
                    .append(r.kind().equals("table") ? "" : " (" + r.kind() + ")").append('\n');
        }
        for (Relation r : relations) {
            b.append("\n## ").append(r.name()).append("\n\n");
            if (!r.kind().equals("table")) {
                b.append("*").append(r.kind()).append("* — ");
            }
            b.append(oneLine(r.comment())).append("\n\n");
            b.append("| column | type | nullable | comment |\n");
            b.append("|---|---|---|---|\n");
            for (Column c : r.columns()) {
                b.append("| `").append(c.name()).append("` | ").append(c.type()).append(" | ")
                        .append(c.nullable() ? "yes" : "no").append(" | ").append(cell(c.comment())).append(" |\n");
            }
        }
        return b.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String cell(String s) {
        return oneLine(s).replace("|", "\\|");
    }
}
