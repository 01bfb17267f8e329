package io.cryptopipe.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BigQuery schema of a mart, derived from the built DuckDB table and the project's {@code schema.yml}: the type
 * of each column ({@link #type}), its mode (REQUIRED where an error-severity {@code not_null} test covers every row,
 * else NULLABLE) and its description. The Terraform schema files ({@code deploy/terraform/schemas/<mart>.json}) are
 * {@link #json} of it, and the BigQuery publish sends the same fields with every load.
 */
public final class BigQuerySchema {
    public static final String REQUIRED = "REQUIRED";
    public static final String NULLABLE = "NULLABLE";

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One column as BigQuery declares it; {@code description} is null when schema.yml has none. */
    public record Field(String name, String type, String mode, String description) {
    }

    private final Project project;
    private final Map<String, String> files;

    private BigQuerySchema(Project project, Map<String, String> files) {
        this.project = project;
        this.files = files;
    }

    /** The schemas of the project under a classpath resource directory, as {@link Project#fromClasspath}. */
    public static BigQuerySchema fromClasspath(String resourceRoot) {
        Map<String, String> files = ProjectFiles.fromClasspath(resourceRoot);
        return new BigQuerySchema(Project.parse(files, "classpath:" + resourceRoot), files);
    }

    public Project project() {
        return project;
    }

    /** The marts: every model materialized as a table (views are staging, not published). */
    public List<String> marts() {
        return project.models().stream().filter(m -> !m.materialized().equals(Model.VIEW)).map(Model::name).toList();
    }

    /**
     * DuckDB to BigQuery. NUMERIC keeps 9 decimal places and 29 integer digits, so any decimal beyond either (the
     * lake's DECIMAL(38,18) in particular) is BIGNUMERIC (38 decimal places): NUMERIC would round CoinCap's digits.
     * This is also the rule a Parquet load applies with {@code decimalTargetTypes = [NUMERIC, BIGNUMERIC]}.
     *
     * @throws IllegalArgumentException for a DuckDB type without a mapping
     */
    public static String type(String duckdb) {
        Matcher d = DECIMAL.matcher(duckdb);
        if (d.matches()) {
            int precision = Integer.parseInt(d.group(1));
            int scale = Integer.parseInt(d.group(2));
            return scale > 9 || precision - scale > 29 ? "BIGNUMERIC" : "NUMERIC";
        }
        return switch (duckdb) {
            case "VARCHAR" -> "STRING";
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> "INT64";
            case "DOUBLE", "FLOAT" -> "FLOAT64";
            case "BOOLEAN" -> "BOOL";
            case "DATE" -> "DATE";
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMP" -> "TIMESTAMP";
            default -> throw new IllegalArgumentException("no BigQuery type for DuckDB's " + duckdb
                    + "; add it to BigQuerySchema.type");
        };
    }

    /** A built table's columns in order, name to DuckDB type; empty when the table does not exist. */
    public static Map<String, String> columns(Connection duckdb, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement st = duckdb.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    /** The BigQuery fields of a mart whose built columns are {@code columns} (name to DuckDB type, in order). */
    public List<Field> fields(String mart, Map<String, String> columns) {
        Set<String> required = requiredColumns(mart);
        Map<String, String> descriptions = columnDescriptions(mart);
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            fields.add(new Field(c.getKey(), type(c.getValue()), required.contains(c.getKey()) ? REQUIRED : NULLABLE,
                    descriptions.get(c.getKey())));
        }
        return fields;
    }

    /** Columns with an error-severity {@code not_null} test over all rows (no {@code where}). */
    public Set<String> requiredColumns(String mart) {
        Set<String> required = new TreeSet<>();
        for (TestDefinition t : project.tests()) {
            if (t.model().equals(mart) && t.kind().equals(TestDefinition.NOT_NULL) && t.severity() == Severity.ERROR
                    && t.where() == null) {
                required.add(t.column());
            }
        }
        return required;
    }

    /** Column descriptions of a model from every schema.yml under models/, whitespace collapsed. */
    public Map<String, String> columnDescriptions(String model) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (!SchemaFiles.isSchemaFile(f.getKey())) {
                continue;
            }
            JsonNode root;
            try {
                root = yaml.readTree(f.getValue());
            } catch (JsonProcessingException e) {
                throw new ProjectException("cannot read column descriptions", List.of(f.getKey() + ": not valid YAML"));
            }
            for (JsonNode m : root.path("models")) {
                if (!m.path("name").asText("").equals(model)) {
                    continue;
                }
                for (JsonNode c : m.path("columns")) {
                    String d = c.path("description").asText("").replaceAll("\\s+", " ").strip();
                    if (!d.isEmpty()) {
                        out.put(c.path("name").asText(), d);
                    }
                }
            }
        }
        return out;
    }

    /** The schema JSON BigQuery and Terraform read: name, type, mode, and description where there is one. */
    public static String json(List<Field> fields) {
        StringBuilder b = new StringBuilder("[\n");
        int i = 0;
        for (Field f : fields) {
            b.append("  {\n");
            b.append("    \"name\": ").append(quote(f.name())).append(",\n");
            b.append("    \"type\": \"").append(f.type()).append("\",\n");
            b.append("    \"mode\": \"").append(f.mode()).append('"');
            if (f.description() != null) {
                b.append(",\n    \"description\": ").append(quote(f.description()));
            }
            b.append("\n  }").append(++i < fields.size() ? "," : "").append('\n');
        }
        return b.append("]\n").toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
