package io.cryptopipe.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dbt-layout model project: {@code dbt_project.yml}, {@code models/**}{@code /*.sql} (one model per file, named
 * by the file) and {@code models/**}{@code /*.yml} (sources, descriptions, {@code meta.grain}, tests).
 *
 * <p>Loading checks everything that can be checked without a database and fails with all problems at once: every
 * template inside {@link TemplateSubset}, every {@code ref()} naming a model and every {@code source()} a declared
 * source, no dependency cycle, every test of a supported kind on a known model.
 */
public final class Project {
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private final List<Model> models;
    private final Map<String, SourceTable> sources;
    private final List<TestDefinition> tests;

    private Project(String name, List<Model> models, Map<String, SourceTable> sources, List<TestDefinition> tests) {
        this.name = name;
        this.models = List.copyOf(models);
        this.sources = sources;
        this.tests = List.copyOf(tests);
    }

    /** Loads the project whose {@code dbt_project.yml} is in {@code root}. */
    public static Project load(Path root) {
        return parse(ProjectFiles.fromDirectory(root), root.toString());
    }

    /**
     * Loads the project under a classpath resource directory (e.g. {@code "warehouse"}, holding
     * {@code warehouse/dbt_project.yml}), whether it is a directory or inside a (shaded) jar.
     */
    public static Project fromClasspath(String resourceRoot) {
        return parse(ProjectFiles.fromClasspath(resourceRoot), "classpath:" + resourceRoot);
    }

    /** For tests: a project from file texts keyed by relative path ({@code dbt_project.yml}, {@code models/...}). */
    static Project parse(Map<String, String> files, String where) {
        List<String> problems = new ArrayList<>();
        String projectName = projectName(files, where, problems);

        SchemaFiles schema = new SchemaFiles();
        files.forEach((path, text) -> {
            if (SchemaFiles.isSchemaFile(path)) {
                schema.read(path, text);
            }
        });
        problems.addAll(schema.problems);
        schema.problems.clear();

        Map<String, Model> byName = new TreeMap<>();
        Map<String, String> pathOf = new HashMap<>();
        for (var e : files.entrySet()) {
            String path = e.getKey();
            if (!path.startsWith("models/") || !path.endsWith(".sql")) {
                continue;
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            String modelName = file.substring(0, file.length() - ".sql".length());
            if (!NAME.matcher(modelName).matches()) {
                problems.add(path + ": a model name must be a SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
                continue;
            }
            if (pathOf.containsKey(modelName)) {
                problems.add(path + ": model '" + modelName + "' is also defined by " + pathOf.get(modelName));
                continue;
            }
            pathOf.put(modelName, path);
            TemplateSubset.Analysis a = TemplateSubset.analyze(path, e.getValue());
            problems.addAll(a.violations());
            for (List<String> s : a.sources()) {
                if (!schema.sources.containsKey(s.get(0) + "." + s.get(1))) {
                    problems.add(path + ": source('" + s.get(0) + "', '" + s.get(1)
                            + "') is not declared in any schema.yml sources:");
                }
            }
            String materialized = a.materialized() == null ? Model.VIEW : a.materialized();
            if (!a.uniqueKey().isEmpty() && !materialized.equals(Model.INCREMENTAL)) {
                problems.add(path + ": unique_key is only used by incremental models, this one is " + materialized);
            }
            SchemaFiles.ModelDoc doc = schema.models.get(modelName);
            byName.put(modelName, new Model(modelName, path, e.getValue(), materialized, a.uniqueKey(), a.refs(),
                    doc == null ? List.of() : doc.grain(), doc == null ? "" : doc.description()));
        }
        for (SchemaFiles.ModelDoc doc : schema.models.values()) {
            if (!byName.containsKey(doc.name())) {
                problems.add(doc.file() + ": describes model '" + doc.name() + "' but no models/**/" + doc.name()
                        + ".sql exists");
            }
        }
        for (Model m : byName.values()) {
            for (String r : m.refs()) {
                if (!byName.containsKey(r)) {
                    problems.add(m.path() + ": ref('" + r + "') names no model");
                }
            }
        }

        List<TestDefinition> tests = new ArrayList<>();
        for (SchemaFiles.RawTest raw : schema.tests) {
            if (!byName.containsKey(raw.model())) {
                continue; // reported above as a description of a missing model
            }
            TestDefinition t = schema.resolve(raw, byName.keySet());
            if (t != null) {
                tests.add(t);
            }
        }
        problems.addAll(schema.problems);

        List<Model> ordered = problems.isEmpty() ? order(byName, problems) : List.of();
        if (!problems.isEmpty()) {
            throw new ProjectException("The model project " + where + " has " + problems.size() + " problem(s)",
                    problems);
        }
        List<TestDefinition> all = new ArrayList<>(tests);
        Set<String> names = new HashSet<>();
        for (Model m : ordered) {
            GrainCheck.forModel(m, tests).ifPresent(all::add);
        }
        for (TestDefinition t : all) {
            if (!names.add(t.name())) {
                problems.add(t.file() + ": two tests are named " + t.name() + " (a test declared twice?)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProjectException("The model project " + where + " has " + problems.size() + " problem(s)",
                    problems);
        }
        return new Project(projectName, ordered, new LinkedHashMap<>(schema.sources), all);
    }

    private static String projectName(Map<String, String> files, String where, List<String> problems) {
        String text = files.get(ProjectFiles.PROJECT_FILE);
        if (text == null) {
            throw new ProjectException("Not a model project", List.of(where + " has no " + ProjectFiles.PROJECT_FILE));
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
            JsonNode paths = root.path("model-paths");
            if (!paths.isMissingNode() && !(paths.size() == 1 && paths.get(0).asText().equals("models"))) {
                problems.add(ProjectFiles.PROJECT_FILE + ": model-paths other than [models] are not supported");
            }
            return root.path("name").asText("");
        } catch (Exception e) {
            problems.add(ProjectFiles.PROJECT_FILE + ": not valid YAML: " + e.getMessage());
            return "";
        }
    }

    /** Kahn's order, alphabetical among the ready; a cycle is reported with the models on it. */
    private static List<Model> order(Map<String, Model> byName, List<String> problems) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Model m : byName.values()) {
            pending.put(m.name(), m.refs().size());
            for (String r : m.refs()) {
                dependents.computeIfAbsent(r, k -> new ArrayList<>()).add(m.name());
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>();
        pending.forEach((n, c) -> {
            if (c == 0) {
                ready.add(n);
            }
        });
        List<Model> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            out.add(byName.get(n));
            for (String d : dependents.getOrDefault(n, List.of())) {
                if (pending.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (out.size() < byName.size()) {
            Set<String> left = new HashSet<>(byName.keySet());
            out.forEach(m -> left.remove(m.name()));
            problems.add("dependency cycle, each model refs the next: " + String.join(" -> ", cycle(byName, left)));
        }
        return out;
    }

    /** One cycle among {@code left} (models that never became ready), first model repeated at the end. */
    private static List<String> cycle(Map<String, Model> byName, Set<String> left) {
        String start = left.stream().sorted().findFirst().orElseThrow();
        Deque<String> path = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        String at = start;
        while (seen.add(at)) {
            path.addLast(at);
            at = byName.get(at).refs().stream().filter(left::contains).sorted().findFirst().orElseThrow();
        }
        List<String> cyc = new ArrayList<>();
        boolean on = false;
        for (String n : path) {
            on |= n.equals(at);
            if (on) {
                cyc.add(n);
            }
        }
        cyc.add(at);
        // each model refs the next one: show it as "a refs b refs ... a", with paths
        List<String> shown = new ArrayList<>();
        for (String n : cyc) {
            shown.add(n + " (" + byName.get(n).path() + ")");
        }
        return shown;
    }

    /** {@code name:} from dbt_project.yml. */
    public String name() {
        return name;
    }

    /** Every model, each after every model it refs (ties alphabetical). */
    public List<Model> models() {
        return models;
    }

    /** The model named {@code name}. */
    public Model model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No model named " + name));
    }

    /** Declared sources in file order. */
    public List<SourceTable> sources() {
        return List.copyOf(sources.values());
    }

    /** The source {@code source(src, table)} names, if declared. */
    public java.util.Optional<SourceTable> source(String src, String table) {
        return java.util.Optional.ofNullable(sources.get(src + "." + table));
    }

    /** The declared tests, then one {@link GrainCheck} per model with a grain not already covered. */
    public List<TestDefinition> tests() {
        return tests;
    }
}
