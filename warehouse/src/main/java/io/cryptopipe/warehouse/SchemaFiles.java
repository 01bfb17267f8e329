package io.cryptopipe.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the schema.yml files under {@code models/} declare: sources, model descriptions and grains, and tests.
 * Problems are collected (each naming its file) rather than thrown, so that a load reports all of them.
 */
final class SchemaFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\)\\s*");
    private static final Set<String> KINDS = Set.of(TestDefinition.UNIQUE, TestDefinition.NOT_NULL,
            TestDefinition.RELATIONSHIPS, TestDefinition.ACCEPTED_VALUES, TestDefinition.UNIQUE_COMBINATION);

    /** A model's entry in a schema file. */
    record ModelDoc(String name, String file, String description, List<String> grain) {}

    /** A test as written, resolved against the models once they are all known. */
    record RawTest(String file, String model, String column, String kind, String writtenAs, JsonNode args) {}

    final Map<String, SourceTable> sources = new LinkedHashMap<>();
    final Map<String, ModelDoc> models = new LinkedHashMap<>();
    final List<RawTest> tests = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    static boolean isSchemaFile(String path) {
        return path.startsWith("models/") && (path.endsWith(".yml") || path.endsWith(".yaml"));
    }

    void read(String file, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (Exception e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        for (JsonNode src : root.path("sources")) {
            String name = src.path("name").asText(null);
            if (name == null) {
                problems.add(file + ": a source without a name");
                continue;
            }
            String sourceLocation = src.path("meta").path("external_location").asText(null);
            for (JsonNode table : src.path("tables")) {
                String t = table.path("name").asText(null);
                if (t == null) {
                    problems.add(file + ": a table of source '" + name + "' without a name");
                    continue;
                }
                String location = table.path("meta").path("external_location").asText(sourceLocation);
                if (location != null) {
                    location = location.replace("{name}", t);
                }
                SourceTable st = new SourceTable(name, t, location, file);
                if (sources.putIfAbsent(st.key(), st) != null) {
                    problems.add(file + ": source('" + name + "', '" + t + "') is declared twice");
                }
                if (hasTests(table)) {
                    problems.add(file + ": tests on source('" + name + "', '" + t
                            + "') are not supported; test the staging model instead");
                }
            }
        }
        for (JsonNode m : root.path("models")) {
            String name = m.path("name").asText(null);
            if (name == null) {
                problems.add(file + ": a model entry without a name");
                continue;
            }
            List<String> grain = new ArrayList<>();
            JsonNode g = m.path("meta").path("grain");
            if (g.isMissingNode()) {
                g = m.path("config").path("meta").path("grain");
            }
            if (g.isTextual()) {
                grain.add(g.asText());
            } else {
                g.forEach(c -> grain.add(c.asText()));
            }
            if (models.putIfAbsent(name, new ModelDoc(name, file, m.path("description").asText(""), grain)) != null) {
                problems.add(file + ": model '" + name + "' is described twice");
            }
            for (JsonNode t : testsOf(m)) {
                rawTest(file, name, null, t);
            }
            for (JsonNode col : m.path("columns")) {
                String c = col.path("name").asText(null);
                if (c == null) {
                    problems.add(file + ": a column of model '" + name + "' without a name");
                    continue;
                }
                for (JsonNode t : testsOf(col)) {
                    rawTest(file, name, c, t);
                }
            }
        }
    }

    private static boolean hasTests(JsonNode node) {
        if (testsOf(node).iterator().hasNext()) {
            return true;
        }
        for (JsonNode col : node.path("columns")) {
            if (testsOf(col).iterator().hasNext()) {
                return true;
            }
        }
        return false;
    }

    /** dbt accepts both {@code tests:} and (since 1.8) {@code data_tests:}. */
    private static List<JsonNode> testsOf(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        node.path("tests").forEach(out::add);
        node.path("data_tests").forEach(out::add);
        return out;
    }

    private void rawTest(String file, String model, String column, JsonNode t) {
        String kind;
        JsonNode args;
        if (t.isTextual()) {
            kind = t.asText();
            args = YAML.createObjectNode();
        } else if (t.isObject() && t.size() == 1) {
            kind = t.fieldNames().next();
            args = t.get(kind);
        } else {
            problems.add(file + ": model '" + model + "'" + (column == null ? "" : " column '" + column + "'")
                    + ": unreadable test " + t);
            return;
        }
        String bare = kind.startsWith("dbt_utils.") ? kind.substring("dbt_utils.".length()) : kind;
        if (!KINDS.contains(bare)) {
            problems.add(file + ": model '" + model + "'" + (column == null ? "" : " column '" + column + "'")
                    + ": unknown test kind '" + kind + "' (supported: unique, not_null, relationships,"
                    + " accepted_values, dbt_utils.unique_combination_of_columns)");
            return;
        }
        boolean columnKind = !bare.equals(TestDefinition.UNIQUE_COMBINATION);
        if (columnKind && column == null) {
            problems.add(file + ": model '" + model + "': test '" + kind + "' belongs under a column");
            return;
        }
        tests.add(new RawTest(file, model, column, bare, kind, args == null || args.isNull() ? YAML.createObjectNode() : args));
    }

    /** Turns a raw test into its definition, or adds a problem and returns null. */
    TestDefinition resolve(RawTest r, Set<String> modelNames) {
        JsonNode args = r.args().has("arguments") ? r.args().get("arguments") : r.args();
        JsonNode config = r.args().path("config");
        String where = config.path("where").asText(r.args().path("where").asText(null));
        String sev = config.path("severity").asText(r.args().path("severity").asText("error"));
        Severity severity;
        if (sev.equalsIgnoreCase("warn")) {
            severity = Severity.WARN;
        } else if (sev.equalsIgnoreCase("error")) {
            severity = Severity.ERROR;
        } else {
            problems.add(where(r) + ": severity must be error or warn, not '" + sev + "'");
            return null;
        }
        String m = r.model();
        String c = r.column();
        switch (r.kind()) {
            case TestDefinition.UNIQUE, TestDefinition.NOT_NULL -> {
                return new TestDefinition(r.kind() + "_" + m + "_" + c, m, c, r.kind(), severity, where, List.of(c),
                        null, null, null, true, r.file());
            }
            case TestDefinition.RELATIONSHIPS -> {
                String to = args.path("to").asText(null);
                String field = args.path("field").asText(null);
                Matcher ref = to == null ? null : REF.matcher(to);
                if (ref == null || !ref.matches() || field == null) {
                    problems.add(where(r) + ": relationships needs to: ref('model') and field: column");
                    return null;
                }
                String parent = ref.group(1);
                if (!modelNames.contains(parent)) {
                    problems.add(where(r) + ": relationships to unknown model '" + parent + "'");
                    return null;
                }
                String name = "relationships_" + m + "_" + c + "__" + field + "__ref_" + parent + "_";
                return new TestDefinition(name, m, c, r.kind(), severity, where, List.of(c), parent, field, null,
                        true, r.file());
            }
            case TestDefinition.ACCEPTED_VALUES -> {
                JsonNode vals = args.path("values");
                if (!vals.isArray() || vals.isEmpty()) {
                    problems.add(where(r) + ": accepted_values needs values: [...]");
                    return null;
                }
                List<String> values = new ArrayList<>();
                vals.forEach(v -> values.add(v.asText()));
                boolean quote = args.path("quote").asBoolean(true);
                String name = "accepted_values_" + m + "_" + c + "__" + String.join("__", values);
                return new TestDefinition(safe(name), m, c, r.kind(), severity, where, List.of(c), null, null,
                        values, quote, r.file());
            }
            default -> {
                JsonNode cols = args.path("combination_of_columns");
                if (!cols.isArray() || cols.isEmpty()) {
                    problems.add(where(r) + ": unique_combination_of_columns needs combination_of_columns: [...]");
                    return null;
                }
                List<String> columns = new ArrayList<>();
                cols.forEach(v -> columns.add(v.asText()));
                String name = r.writtenAs().replace('.', '_') + "_" + m + "_" + String.join("__", columns);
                return new TestDefinition(safe(name), m, null, r.kind(), severity, where, columns, null, null, null,
                        true, r.file());
            }
        }
    }

    private static String where(RawTest r) {
        return r.file() + ": model '" + r.model() + "'" + (r.column() == null ? "" : " column '" + r.column() + "'")
                + " test " + r.kind();
    }

    /** dbt replaces everything but letters, digits and underscores in generated test names. */
    static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
