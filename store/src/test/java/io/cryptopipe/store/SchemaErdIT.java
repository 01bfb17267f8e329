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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving-schema diagrams of {@code docs/schema.md} against the migrated database: they name exactly the tables
 * and views the migrations create, each drawn once with columns that exist, their types, their primary key as
 * {@code PK} and their unique indexes as {@code UK}; and, as the text says, the database declares no foreign key.
 */
class SchemaErdIT {
    static final Path FILE = Path.of("..", "docs", "schema.md");
    static final String SECTION = "## Serving schema";
    private static final Pattern BLOCK = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\{\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z0-9_]*)\\s+([A-Za-z_][A-Za-z0-9_]*)((?:\\s*,?\\s*(?:PK|FK|UK))*)\\s*(?:\"[^\"]*\")?\\s*$");
    static final Pattern RELATIONSHIP = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+"
            + "(\\|o|\\|\\||\\}o|\\}\\|)(--|\\.\\.)(o\\||\\|\\||o\\{|\\|\\{)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.+)$");

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
    void theServingDiagramsDrawEveryTableAndViewOnceWithRealColumnsTypesAndKeys() throws Exception {
        Diagram erd = Diagram.parse(section(Files.readString(FILE, StandardCharsets.UTF_8), SECTION));
        Map<String, DataDictionaryIT.Relation> db = new LinkedHashMap<>();
        for (DataDictionaryIT.Relation r : DataDictionaryIT.relations(server.dataSource())) {
            db.put(r.name(), r);
        }
        assertThat(erd.duplicates).as("entities drawn more than once in " + SECTION).isEmpty();
        assertThat(erd.names()).as("tables and views named in " + SECTION + " of " + FILE.normalize()
                + ", against those the migrations create").containsExactlyInAnyOrderElementsOf(db.keySet());
        assertThat(erd.entities.keySet()).as("tables and views drawn with their columns")
                .containsExactlyInAnyOrderElementsOf(db.keySet());
        Map<String, Set<String>> primaryKeys = keys("indisprimary");
        Map<String, Set<String>> uniques = keys("indisunique AND NOT i.indisprimary");
        for (Map.Entry<String, List<Attribute>> e : erd.entities.entrySet()) {
            String table = e.getKey();
            Map<String, String> columns = new HashMap<>();
            db.get(table).columns().forEach(c -> columns.put(c.name(), shortType(c.type())));
            Set<String> pk = new TreeSet<>();
            Set<String> uk = new TreeSet<>();
            for (Attribute a : e.getValue()) {
                assertThat(columns).as("column " + table + "." + a.name() + " drawn in the diagram").containsKey(a.name());
                assertThat(a.type()).as("type of " + table + "." + a.name()).isEqualTo(columns.get(a.name()));
                assertThat(a.keys()).as(table + "." + a.name() + ": the serving schema has no foreign keys")
                        .doesNotContain("FK");
                if (a.keys().contains("PK")) {
                    pk.add(a.name());
                }
                if (a.keys().contains("UK")) {
                    uk.add(a.name());
                }
            }
            assertThat(pk).as("PK of " + table).isEqualTo(primaryKeys.getOrDefault(table, Set.of()));
            if (!uk.isEmpty()) {
                assertThat(uniques).as("unique indexes").containsKey(table);
                assertThat(uniques.get(table)).as("UK of " + table).isEqualTo(uk);
            }
        }
        for (Relationship r : erd.relationships) {
            assertThat(r.line()).as("serving relationships are logical joins, drawn dotted").isEqualTo("..");
        }
        assertThat(erd.relationships).as("relationships drawn").hasSizeGreaterThan(10);
    }

    @Test
    void theDatabaseDeclaresNoForeignKeyAsTheDiagramsSay() throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_constraint k JOIN pg_namespace n "
                     + "ON n.oid = k.connamespace WHERE n.nspname = 'public' AND k.contype = 'f'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("foreign keys in schema public (docs/schema.md says there are none)").isZero();
        }
    }

    /** Per table, the columns of its primary key, or of its (one) unique index: {@code filter} on pg_index i. */
    private static Map<String, Set<String>> keys(String filter) throws SQLException {
        Map<String, Set<String>> keys = new HashMap<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.relname, a.attname FROM pg_index i "
                     + "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                     + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (i.indkey) "
                     + "WHERE n.nspname = 'public' AND i." + filter)) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        return keys;
    }

    static String shortType(String pgType) {
        return switch (pgType) {
            case "timestamp with time zone" -> "timestamptz";
            case "timestamp without time zone" -> "timestamp";
            case "character varying" -> "varchar";
            case "double precision" -> "float8";
            default -> pgType;
        };
    }

    /** The text of a {@code ## } section: from its heading to the next {@code ## } heading. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        assertThat(start).as("section '" + heading + "' in " + FILE.normalize()).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    record Attribute(String type, String name, Set<String> keys) {
    }

    record Relationship(String left, String line, String right, String label) {
    }

    /** The mermaid erDiagrams of a section: entities with their attributes, and relationships. */
    static final class Diagram {
        final Map<String, List<Attribute>> entities = new LinkedHashMap<>();
        final List<String> duplicates = new ArrayList<>();
        final List<Relationship> relationships = new ArrayList<>();

        Set<String> names() {
            Set<String> all = new LinkedHashSet<>(entities.keySet());
            relationships.forEach(r -> {
                all.add(r.left());
                all.add(r.right());
            });
            return all;
        }

        static Diagram parse(String markdown) {
            Diagram d = new Diagram();
            Matcher blocks = BLOCK.matcher(markdown);
            int count = 0;
            while (blocks.find()) {
                count++;
                List<String> lines = blocks.group(1).lines().toList();
                assertThat(lines.get(0).strip()).as("mermaid block kind").isEqualTo("erDiagram");
                String current = null;
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Matcher m;
                    if (current != null) {
                        if (line.strip().equals("}")) {
                            current = null;
                        } else if ((m = ATTRIBUTE.matcher(line)).matches()) {
                            Set<String> keys = new TreeSet<>();
                            for (String k : m.group(3).split("[,\\s]+")) {
                                if (!k.isBlank()) {
                                    keys.add(k);
                                }
                            }
                            d.entities.get(current).add(new Attribute(m.group(1), m.group(2), keys));
                        } else {
                            throw new AssertionError("unreadable attribute of " + current + ": " + line);
                        }
                    } else if ((m = ENTITY.matcher(line)).matches()) {
                        current = m.group(1);
                        if (d.entities.putIfAbsent(current, new ArrayList<>()) != null) {
                            d.duplicates.add(current);
                        }
                    } else if ((m = RELATIONSHIP.matcher(line)).matches()) {
                        d.relationships.add(new Relationship(m.group(1), m.group(3), m.group(5), m.group(6).strip()));
                    } else {
                        throw new AssertionError("unreadable erDiagram line: " + line);
                    }
                }
            }
            assertThat(count).as("mermaid erDiagrams in the section").isPositive();
            return d;
        }
    }
}
