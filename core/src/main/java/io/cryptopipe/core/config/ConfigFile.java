package io.cryptopipe.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a flat config file of {@code key: value} (YAML, {@code .yaml}/{@code .yml}) or {@code key=value}
 * ({@code .properties}) into strings, reporting every unreadable entry as a problem rather than stopping at the first.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static Map<String, String> read(Path file, String where, List<ConfigProblem> problems) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(where, "config file " + file + " does not exist or is not a file"));
            return Map.of();
        }
        try {
            if (name.endsWith(".properties")) {
                return properties(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return yaml(file, problems);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new ConfigProblem(where, "cannot read config file " + file + ": " + e.getMessage()));
            return Map.of();
        }
        problems.add(new ConfigProblem(where,
                "unknown config file format '" + file + "'; expected a .properties, .yaml or .yml file"));
        return Map.of();
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, props.getProperty(k)));
        return values;
    }

    private static Map<String, String> yaml(Path file, List<ConfigProblem> problems) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return values;
        }
        if (!root.isObject()) {
            problems.add(new ConfigProblem(file.toString(), "expected a mapping of key: value at the top level"));
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                values.put(e.getKey(), v.asText());
            } else {
                problems.add(new ConfigProblem(file + ": " + e.getKey(),
                        "expected a single value (string or number), got " + v.getNodeType().name().toLowerCase(
                                Locale.ROOT)));
            }
        }
        return values;
    }
}
