package io.cryptopipe.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.batch.Partition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BigQuery table schemas of the cloud warehouse ({@code deploy/terraform/schemas/<mart>.json}) are generated from
 * the marts themselves: the shipped models are built over the golden fixture exactly as {@link MartsGoldenIT} builds
 * them, and each mart's DuckDB columns are mapped to BigQuery types, modes (REQUIRED where {@code schema.yml} has an
 * error-severity {@code not_null} test) and descriptions (from {@code schema.yml}). A committed file that differs, a
 * mart without a file or a file without a mart fails the test; {@code -Dcryptopipe.regenerate=true} rewrites them.
 * {@code main.tf} must declare one {@code google_bigquery_table} per mart, loading that file, day-partitioned on
 * {@code date} exactly where the mart has that column.
 */
class MartSchemasIT {
    private static final Project PROJECT = Project.fromClasspath("warehouse");
    private static final BigQuerySchema SCHEMA = BigQuerySchema.fromClasspath("warehouse");
    /** From the module directory, the working directory of failsafe's forked JVM. */
    static final Path TERRAFORM = Path.of("..", "deploy", "terraform");
    static final Path SCHEMAS = TERRAFORM.resolve("schemas");
    static final String REGENERATE = "cryptopipe.regenerate";
    private static final String HOW = "regenerate with ./mvnw -o -B -pl warehouse verify -Dit.test=MartSchemasIT"
            + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";
    private static final Pattern TABLE = Pattern.compile("resource\\s+\"google_bigquery_table\"\\s+\"([a-z0-9_]+)\"");

    @TempDir
    static Path dataDir;
    static Connection duckdb;
    /** mart -> its columns in order, name -> DuckDB type. */
    static Map<String, Map<String, String>> marts;

    @BeforeAll
    static void buildTheMartsFromTheGoldenFixture(@TempDir Path staged) throws SQLException, IOException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("warehouse.duckdb"));
        GoldenFixture.writeLake(duckdb, staged);
        for (LocalDate day : GoldenFixture.DAYS) {
            for (String table : GoldenFixture.tables()) {
                Path partition = Path.of("lake", table, "date=" + day);
                Files.createDirectories(dataDir.resolve(partition).getParent());
                Files.move(staged.resolve(partition), dataDir.resolve(partition));
            }
            new ModelRunner(PROJECT, duckdb, dataDir).run(RunContext.of(new Partition(day), false), r -> { });
        }
        marts = new TreeMap<>();
        for (Model m : PROJECT.models()) {
            if (!m.materialized().equals(Model.VIEW)) {
                marts.put(m.name(), columns(m.name()));
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
    }

    @Test
    void theCommittedSchemaFilesAreTheOnesGeneratedFromTheMarts() throws IOException {
        Map<String, String> generated = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> mart : marts.entrySet()) {
            generated.put(mart.getKey() + ".json", render(mart.getKey(), mart.getValue()));
        }
        assertThat(generated).as("marts").hasSizeGreaterThanOrEqualTo(11);
        if (Boolean.getBoolean(REGENERATE)) {
            Files.createDirectories(SCHEMAS);
            for (String stale : files()) {
                if (!generated.containsKey(stale)) {
                    Files.delete(SCHEMAS.resolve(stale));
                }
            }
            for (Map.Entry<String, String> f : generated.entrySet()) {
                Files.writeString(SCHEMAS.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        }
        assertThat(files()).as("files in " + SCHEMAS.toAbsolutePath().normalize() + " (one <mart>.json per mart: "
                + generated.keySet() + "); " + HOW).containsExactlyElementsOf(generated.keySet());
        for (Map.Entry<String, String> f : generated.entrySet()) {
            assertThat(Files.readString(SCHEMAS.resolve(f.getKey()), StandardCharsets.UTF_8))
                    .as(SCHEMAS.resolve(f.getKey()).normalize() + " is not the schema of the built mart; " + HOW)
                    .isEqualTo(f.getValue());
        }
    }

    @Test
    void decimalsThatBigQueryNumericWouldRoundAreBigNumeric() {
        assertThat(bigQueryType("DECIMAL(38,18)")).isEqualTo("BIGNUMERIC");
        assertThat(bigQueryType("DECIMAL(20,10)")).isEqualTo("BIGNUMERIC");
        assertThat(bigQueryType("DECIMAL(5,2)")).isEqualTo("NUMERIC");
        assertThat(bigQueryType("DECIMAL(38,9)")).as("29 integer digits, 9 places: NUMERIC's limits").isEqualTo("NUMERIC");
        assertThat(bigQueryType("DECIMAL(38,8)")).as("30 integer digits: beyond NUMERIC's 29").isEqualTo("BIGNUMERIC");
        assertThat(bigQueryType("TIMESTAMP WITH TIME ZONE")).isEqualTo("TIMESTAMP");
        // every price of the marts keeps CoinCap's 18 decimal places in BigQuery
        assertThat(marts.get("fct_asset_daily")).containsEntry("close_price_usd", "DECIMAL(38,18)");
        assertThat(marts.get("dim_exchange")).as("a mart without date").doesNotContainKey("date");
    }

    @Test
    void mainTfDeclaresOneTablePerMartLoadingItsSchemaPartitionedOnDateWhereTheMartHasIt() throws IOException {
        String main = Files.readString(TERRAFORM.resolve("main.tf"), StandardCharsets.UTF_8);
        Map<String, String> blocks = tableBlocks(main);
        assertThat(blocks.keySet()).as("google_bigquery_table resources of main.tf, one per mart")
                .containsExactlyInAnyOrderElementsOf(marts.keySet());
        String outputs = Files.readString(TERRAFORM.resolve("outputs.tf"), StandardCharsets.UTF_8);
        for (String mart : marts.keySet()) {
            assertThat(outputs).as("outputs.tf table_ids lists " + mart).contains("google_bigquery_table." + mart + ",");
        }
        for (Map.Entry<String, String> b : blocks.entrySet()) {
            String mart = b.getKey();
            String block = b.getValue();
            assertThat(block).as("table_id of " + mart).containsPattern("table_id\\s+=\\s+\"" + mart + "\"");
            assertThat(block).as("schema of " + mart)
                    .containsPattern("schema\\s+=\\s+file\\(\"\\$\\{path\\.module}/schemas/" + mart + "\\.json\"\\)");
            assertThat(block).as("deletion_protection of " + mart)
                    .containsPattern("deletion_protection\\s+=\\s+var\\.deletion_protection");
            boolean hasDate = marts.get(mart).containsKey("date");
            if (hasDate) {
                assertThat(block).as(mart + " has a date column: day-partitioned on it")
                        .containsPattern("time_partitioning\\s*\\{[^}]*type\\s+=\\s+\"DAY\"")
                        .containsPattern("time_partitioning\\s*\\{[^}]*field\\s+=\\s+\"date\"");
            } else {
                assertThat(block).as(mart + " has no date column: not partitioned").doesNotContain("time_partitioning");
            }
            Matcher clustering = Pattern.compile("clustering\\s+=\\s+\\[([^]]*)]").matcher(block);
            if (clustering.find()) {
                for (String c : clustering.group(1).split(",")) {
                    assertThat(marts.get(mart)).as("clustering column of " + mart)
                            .containsKey(c.strip().replace("\"", ""));
                }
            }
        }
    }

    /** {@code resource "google_bigquery_table" "<name>" { ... }} bodies by resource name (braces balanced). */
    static Map<String, String> tableBlocks(String tf) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = TABLE.matcher(tf);
        while (m.find()) {
            int open = tf.indexOf('{', m.end());
            int depth = 0;
            int i = open;
            for (; i < tf.length(); i++) {
                char c = tf.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            assertThat(blocks.put(m.group(1), tf.substring(open, i + 1))).as("resource declared twice: " + m.group(1))
                    .isNull();
        }
        return blocks;
    }

    private static List<String> files() throws IOException {
        if (!Files.isDirectory(SCHEMAS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(SCHEMAS)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> columns(String table) throws SQLException {
        Map<String, String> columns = BigQuerySchema.columns(duckdb, table);
        assertThat(columns).as("columns of the built mart " + table).isNotEmpty();
        return columns;
    }

    /** The mapping lives in main code ({@link BigQuerySchema#type}), shared with the BigQuery publish. */
    static String bigQueryType(String duckdb) {
        return BigQuerySchema.type(duckdb);
    }

    /** The BigQuery schema JSON of one mart: name, type, mode, and description where schema.yml has one. */
    static String render(String mart, Map<String, String> columns) {
        assertThat(columns.keySet()).as("columns of " + mart + " with a not_null test")
                .containsAll(SCHEMA.requiredColumns(mart));
        assertThat(columns.keySet()).as("columns of " + mart + " described in schema.yml")
                .containsAll(SCHEMA.columnDescriptions(mart).keySet());
        return BigQuerySchema.json(SCHEMA.fields(mart, columns));
    }
}
