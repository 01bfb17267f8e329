package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The marts diagram of {@code docs/schema.md} against the project: it names exactly the marts, each drawn once with
 * columns of its BigQuery schema ({@code deploy/terraform/schemas/<mart>.json}, which {@link MartSchemasIT} keeps equal
 * to the built marts) and their types, its declared grain as {@code PK} and the columns of its {@code relationships}
 * tests as {@code FK}; and it draws exactly the parent-child pairs those tests check, no more.
 */
class MartsErdTest {
    private static final Project PROJECT = Project.fromClasspath("warehouse");
    static final Path FILE = Path.of("..", "docs", "schema.md");
    static final String SECTION = "## Marts";
    private static final Pattern BLOCK = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\{\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z0-9_]*)\\s+([A-Za-z_][A-Za-z0-9_]*)((?:\\s*,?\\s*(?:PK|FK|UK))*)\\s*(?:\"[^\"]*\")?\\s*$");
    private static final Pattern RELATIONSHIP = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+"
            + "(\\|o|\\|\\||\\}o|\\}\\|)(--|\\.\\.)(o\\||\\|\\||o\\{|\\|\\{)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*(.+)$");

    record Attribute(String type, String name, Set<String> keys) {
    }

    @Test
    void theMartsDiagramMatchesTheMartsTheirGrainsAndTheirRelationshipsTests() throws IOException {
        String markdown = Files.readString(FILE, StandardCharsets.UTF_8);
        int start = markdown.indexOf("\n" + SECTION);
        assertThat(start).as("section '" + SECTION + "' in " + FILE.normalize()).isNotNegative();
        int end = markdown.indexOf("\n## ", start + 1);
        String section = markdown.substring(start, end < 0 ? markdown.length() : end);

        Map<String, List<Attribute>> entities = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        Set<String> related = new LinkedHashSet<>();
        Set<List<String>> pairs = new TreeSetOfLists();
        Matcher blocks = BLOCK.matcher(section);
        int count = 0;
        while (blocks.find()) {
            count++;
            List<String> lines = blocks.group(1).lines().toList();
            assertThat(lines.get(0).strip()).isEqualTo("erDiagram");
            String current = null;
            for (String line : lines.subList(1, lines.size())) {
                Matcher m;
                if (line.isBlank()) {
                    continue;
                } else if (current != null) {
                    if (line.strip().equals("}")) {
                        current = null;
                    } else if ((m = ATTRIBUTE.matcher(line)).matches()) {
                        Set<String> keys = new TreeSet<>();
                        for (String k : m.group(3).split("[,\\s]+")) {
                            if (!k.isBlank()) {
                                keys.add(k);
                            }
                        }
                        entities.get(current).add(new Attribute(m.group(1), m.group(2), keys));
                    } else {
                        throw new AssertionError("unreadable attribute of " + current + ": " + line);
                    }
                } else if ((m = ENTITY.matcher(line)).matches()) {
                    current = m.group(1);
                    if (entities.putIfAbsent(current, new ArrayList<>()) != null) {
                        duplicates.add(current);
                    }
                } else if ((m = RELATIONSHIP.matcher(line)).matches()) {
                    related.add(m.group(1));
                    related.add(m.group(5));
                    pairs.add(List.of(m.group(1), m.group(5)));
                } else {
                    throw new AssertionError("unreadable erDiagram line: " + line);
                }
            }
        }
        assertThat(count).as("mermaid erDiagrams in " + SECTION).isPositive();

        Set<String> marts = new TreeSet<>();
        for (Model m : PROJECT.models()) {
            if (!m.materialized().equals(Model.VIEW)) {
                marts.add(m.name());
            }
        }
        assertThat(duplicates).as("marts drawn more than once").isEmpty();
        assertThat(entities.keySet()).as("marts drawn in " + SECTION + " of " + FILE.normalize())
                .containsExactlyInAnyOrderElementsOf(marts);
        assertThat(marts).as("every entity of a relationship is a mart").containsAll(related);

        Set<List<String>> tested = new TreeSetOfLists();
        Map<String, Set<String>> fkColumns = new LinkedHashMap<>();
        for (TestDefinition t : PROJECT.tests()) {
            if (t.kind().equals(TestDefinition.RELATIONSHIPS) && marts.contains(t.model())) {
                tested.add(List.of(t.toModel(), t.model()));
                fkColumns.computeIfAbsent(t.model(), k -> new TreeSet<>()).add(t.column());
            }
        }
        assertThat(pairs).as("relationships drawn (parent, child), against the schema.yml relationships tests")
                .containsExactlyInAnyOrderElementsOf(tested);

        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, List<Attribute>> e : entities.entrySet()) {
            String mart = e.getKey();
            Map<String, String> types = new LinkedHashMap<>();
            for (JsonNode c : json.readTree(MartSchemasIT.SCHEMAS.resolve(mart + ".json").toFile())) {
                types.put(c.path("name").asText(), c.path("type").asText());
            }
            Set<String> pk = new TreeSet<>();
            Set<String> fk = new TreeSet<>();
            for (Attribute a : e.getValue()) {
                assertThat(types).as("column " + mart + "." + a.name() + " drawn in the diagram").containsKey(a.name());
                assertThat(a.type()).as("type of " + mart + "." + a.name()).isEqualTo(types.get(a.name()));
                if (a.keys().contains("PK")) {
                    pk.add(a.name());
                }
                if (a.keys().contains("FK")) {
                    fk.add(a.name());
                }
            }
            assertThat(pk).as("PK of " + mart + ": its meta.grain").isEqualTo(new TreeSet<>(PROJECT.model(mart).grain()));
            assertThat(fk).as("FK of " + mart + ": the columns of its relationships tests")
                    .isEqualTo(fkColumns.getOrDefault(mart, Set.of()));
        }
    }

    /** A sorted set of [parent, child] pairs. */
    private static final class TreeSetOfLists extends TreeSet<List<String>> {
        TreeSetOfLists() {
            super((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        }
    }
}
