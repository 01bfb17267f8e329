package io.cryptopipe.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.warehouse.BigQuerySchema;
import io.cryptopipe.warehouse.GoldenFixture;
import io.cryptopipe.warehouse.ModelRunner;
import io.cryptopipe.warehouse.RunContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BigQuery publish of a day, with the official Java clients, against {@link GooglePeer}: a local HTTP peer
 * speaking the BigQuery and GCS REST calls the clients make (BigQuery and GCS cannot be reached from here; nothing
 * in this test talks to Google). The marts are real: the shipped models built on DuckDB over the golden fixture's
 * three days, as MartsGoldenIT builds them.
 */
class BigQueryPublisherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Partition DAY = new Partition(LocalDate.parse("2026-11-02"));
    private static final String PROJECT = "cryptopipe-test";
    private static final String DATASET = "cryptopipe";
    private static final String LOCATION = "EU";
    private static final Path TERRAFORM_SCHEMAS = Path.of("..", "deploy", "terraform", "schemas");
    private static final List<String> DIMENSIONS = List.of("dim_asset", "dim_exchange", "dim_currency");

    @TempDir
    static Path data;
    static PublishPaths paths;
    static GooglePeer peer;
    /** mart -> its rows for DAY (the whole table for a dimension), from the warehouse itself. */
    static Map<String, Long> expectedRows;
    static List<String> marts;

    @BeforeAll
    static void buildTheMartsAndStartThePeer(@TempDir Path staged) throws Exception {
        Path warehouse = data.resolve("warehouse").resolve("cryptopipe.duckdb");
        Files.createDirectories(warehouse.getParent());
        BigQuerySchema schema = BigQuerySchema.fromClasspath("warehouse");
        marts = schema.marts();
        expectedRows = new TreeMap<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + warehouse)) {
            GoldenFixture.writeLake(duckdb, staged);
            for (LocalDate day : GoldenFixture.DAYS) {
                for (String table : GoldenFixture.tables()) {
                    Path partition = Path.of("lake", table, "date=" + day);
                    Files.createDirectories(data.resolve(partition).getParent());
                    Files.move(staged.resolve(partition), data.resolve(partition));
                }
                new ModelRunner(schema.project(), duckdb, data).run(RunContext.of(new Partition(day), false), r -> { });
            }
            try (Statement st = duckdb.createStatement()) {
                for (String mart : marts) {
                    boolean dated = !DIMENSIONS.contains(mart);
                    expectedRows.put(mart, count(st, "SELECT count(*) FROM " + mart
                            + (dated ? " WHERE date = DATE '" + DAY + "'" : "")));
                }
            }
        }
        assertThat(marts).as("marts of the shipped project").hasSize(11).containsAll(DIMENSIONS);
        assertThat(expectedRows).as("the fixture day has rows in the facts").containsEntry("mart_market_overview", 1L);
        paths = new PublishPaths(warehouse, data.resolve("lake"), data.resolve("publish"));
        peer = new GooglePeer(Files.createDirectories(data.resolve("peer")));
    }

    @AfterAll
    static void stopThePeer() {
        peer.close();
    }

    @BeforeEach
    void resetThePeer() {
        peer.reset();
    }

    @Test
    void eachMartIsATruncatingParquetLoadOfItsDayPartitionWithTheTerraformSchema() throws Exception {
        PublishStep.Published published = publish(settings(Optional.empty()));

        assertThat(peer.loads()).extracting(GooglePeer.LoadJob::table).as("one load per mart")
                .containsExactlyInAnyOrderElementsOf(marts.stream().map(BigQueryPublisherIT::table).toList());
        for (GooglePeer.LoadJob job : peer.loads()) {
            String mart = job.table().replaceFirst("\\$.*", "");
            JsonNode load = job.load();
            assertThat(job.project()).as("project in the URL").isEqualTo(PROJECT);
            assertThat(job.location()).as("job location").isEqualTo(LOCATION);
            assertThat(job.via()).isEqualTo("upload");
            assertThat(load.path("destinationTable").path("projectId").asText()).isEqualTo(PROJECT);
            assertThat(load.path("destinationTable").path("datasetId").asText()).isEqualTo(DATASET);
            assertThat(load.path("sourceFormat").asText()).as(mart).isEqualTo("PARQUET");
            assertThat(load.path("writeDisposition").asText()).as(mart).isEqualTo("WRITE_TRUNCATE");
            assertThat(load.path("createDisposition").asText()).as(mart).isEqualTo("CREATE_NEVER");
            assertThat(load.path("decimalTargetTypes")).as(mart).containsExactly(
                    JSON.getNodeFactory().textNode("NUMERIC"), JSON.getNodeFactory().textNode("BIGNUMERIC"));
            if (DIMENSIONS.contains(mart)) {
                assertThat(job.table()).as("a dimension replaces its whole table").isEqualTo(mart);
                assertThat(load.has("timePartitioning")).as(mart).isFalse();
            } else {
                assertThat(job.table()).as("the day's partition").isEqualTo(mart + "$20261102");
                assertThat(load.path("timePartitioning").path("type").asText()).as(mart).isEqualTo("DAY");
                assertThat(load.path("timePartitioning").path("field").asText()).as(mart).isEqualTo("date");
            }
            assertThat(normalized(load.path("schema").path("fields"))).as("schema of " + mart
                    + " = deploy/terraform/schemas/" + mart + ".json")
                    .isEqualTo(JSON.readTree(TERRAFORM_SCHEMAS.resolve(mart + ".json").toFile()));
            assertThat(parquetRows(job.bytes())).as("rows of the Parquet file uploaded for " + mart)
                    .isEqualTo(expectedRows.get(mart));
        }
        // jobs.get polled each job to DONE
        assertThat(peer.requests()).filteredOn(r -> r.method().equals("GET") && r.path().contains("/jobs/"))
                .hasSizeGreaterThanOrEqualTo(marts.size());
        assertThat(published.loads()).hasSize(marts.size());
        assertThat(published.loads()).filteredOn(l -> l.mart().equals("fct_asset_daily")).singleElement()
                .satisfies(l -> {
                    assertThat(l.destination()).isEqualTo(PROJECT + ":" + DATASET + ".fct_asset_daily$20261102");
                    assertThat(l.rows()).isEqualTo(expectedRows.get("fct_asset_daily"));
                    assertThat(l.jobId()).startsWith("cryptopipe_fct_asset_daily_20261102_");
                });
        assertThat(published.rows()).isEqualTo(expectedRows.values().stream().mapToLong(Long::longValue).sum());
        try (Stream<Path> left = Files.list(paths.work())) {
            assertThat(left).as("work files deleted").isEmpty();
        }
    }

    @Test
    void decimalsTravelAsExactParquetDecimal38_18WhichLoadsAsBigNumeric() throws Exception {
        publish(settings(Optional.empty()));
        GooglePeer.LoadJob daily = peer.loads().stream().filter(j -> j.table().startsWith("fct_asset_daily$"))
                .findFirst().orElseThrow();
        Path file = Files.write(data.resolve("peer").resolve("daily.parquet"), daily.bytes());
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duckdb.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT type, logical_type, precision, scale FROM parquet_schema('"
                    + file + "') WHERE name = 'close_price_usd'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("logical_type")).as("Parquet logical type").contains("DecimalType");
                assertThat(rs.getInt("precision")).isEqualTo(38);
                assertThat(rs.getInt("scale")).isEqualTo(18);
            }
            // BigQuery maps a Parquet DECIMAL(38,18) with decimalTargetTypes [NUMERIC, BIGNUMERIC] to BIGNUMERIC
            // (scale 18 > NUMERIC's 9): the schema sent says so too
            assertThat(BigQuerySchema.type("DECIMAL(38,18)")).isEqualTo("BIGNUMERIC");
            assertThat(field(daily.load(), "close_price_usd").path("type").asText()).isEqualTo("BIGNUMERIC");
            // and the values are the warehouse's, every digit
            List<BigDecimal> uploaded = decimals(st, "SELECT close_price_usd FROM read_parquet('" + file
                    + "') ORDER BY asset_id");
            st.execute("ATTACH '" + paths.warehouseFile() + "' AS wh (READ_ONLY)");
            List<BigDecimal> warehouse = decimals(st, "SELECT close_price_usd FROM wh.fct_asset_daily WHERE date = DATE '"
                    + DAY + "' ORDER BY asset_id");
            assertThat(uploaded).isNotEmpty().isEqualTo(warehouse);
            assertThat(uploaded).anySatisfy(d -> assertThat(d.scale()).isEqualTo(18));
        }
    }

    @Test
    void publishingTheDayAgainIssuesTheSameTruncatingLoads() throws Exception {
        publish(settings(Optional.empty()));
        List<GooglePeer.LoadJob> first = peer.loads();
        peer.reset();
        publish(settings(Optional.empty()));
        List<GooglePeer.LoadJob> second = peer.loads();

        assertThat(describe(second)).as("same tables, partitions, configurations and rows")
                .isEqualTo(describe(first));
        assertThat(second).extracting(GooglePeer.LoadJob::jobId).as("new job ids")
                .doesNotContainAnyElementsOf(first.stream().map(GooglePeer.LoadJob::jobId).toList());
        assertThat(second).allSatisfy(j -> assertThat(j.load().path("writeDisposition").asText())
                .isEqualTo("WRITE_TRUNCATE"));
    }

    @Test
    void aFailedLoadJobFailsThePublishWithBigQuerysMessage() {
        peer.failLoadsInto("fct_asset_daily$20261102", "invalid",
                "Provided Schema does not match Table cryptopipe-test:cryptopipe.fct_asset_daily$20261102.");
        List<String> printed = new ArrayList<>();

        assertThatThrownBy(() -> PublishStep.ofShippedMarts().run(settings(Optional.empty()), DAY, paths, printed::add))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("fct_asset_daily -> cryptopipe-test:cryptopipe.fct_asset_daily$20261102")
                .hasMessageContaining("Provided Schema does not match Table")
                .hasMessageContaining("[invalid]")
                .hasMessageNotContaining("fct_asset_snapshot ->");
        assertThat(printed).anyMatch(l -> l.contains("fct_asset_daily") && l.contains("FAILED"));
        assertThat(printed).anyMatch(l -> l.contains("fct_asset_snapshot") && l.contains("$20261102"));
    }

    @Test
    void withABucketTheLakePartitionAndTheMartFilesGoThroughGcs() throws Exception {
        String bucket = "cryptopipe-lake";
        String stale = "lake/asset_snapshots/date=" + DAY + "/part-old.parquet";
        peer.putObject(bucket, stale, new byte[] {1, 2, 3});
        peer.putObject(bucket, "lake/asset_snapshots/date=2026-11-01/keep.parquet", new byte[] {4});

        PublishStep.Published published = publish(settings(Optional.of(bucket)));

        Map<String, byte[]> objects = peer.objects();
        List<String> lakeFiles = new ArrayList<>();
        for (String table : GoldenFixture.tables()) {
            try (Stream<Path> files = Files.list(paths.lake().resolve(table).resolve("date=" + DAY))) {
                for (Path f : files.toList()) {
                    String name = "lake/" + table + "/date=" + DAY + "/" + f.getFileName();
                    lakeFiles.add(name);
                    assertThat(objects.get(bucket + "/" + name)).as(name).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
        assertThat(published.lakeObjects()).containsExactlyInAnyOrderElementsOf(lakeFiles);
        assertThat(objects).as("an object the partition no longer has is deleted").doesNotContainKey(bucket + "/" + stale)
                .as("other days are left alone").containsKey(bucket + "/lake/asset_snapshots/date=2026-11-01/keep.parquet");
        assertThat(peer.loads()).hasSize(marts.size()).allSatisfy(job -> {
            String mart = job.table().replaceFirst("\\$.*", "");
            String uri = "gs://" + bucket + "/marts/" + mart + "/date=" + DAY + "/" + mart + ".parquet";
            assertThat(job.via()).as("jobs.insert, no upload").isEqualTo("gcs");
            assertThat(job.load().path("sourceUris")).extracting(JsonNode::asText).containsExactly(uri);
            assertThat(job.load().path("writeDisposition").asText()).isEqualTo("WRITE_TRUNCATE");
            assertThat(parquetRows(job.bytes())).as(mart).isEqualTo(expectedRows.get(mart));
        });
        assertThat(peer.requests()).noneMatch(r -> r.path().startsWith("/upload/bigquery/"))
                .anyMatch(r -> r.path().equals("/upload/storage/v1/b/" + bucket + "/o"))
                .anyMatch(r -> r.method().equals("DELETE"));
        assertThat(published.loads()).allSatisfy(l -> assertThat(l.sourceUri()).isPresent());
    }

    @Test
    void withoutCredentialsOrProjectThePublishIsSkipped(@TempDir Path keys) throws IOException {
        PublishSettings none = new PublishSettings(Optional.empty(), Optional.of(PROJECT), DATASET, LOCATION,
                Optional.empty(), Optional.empty());
        assertThat(PublishStep.ofShippedMarts().run(none, DAY, paths, l -> { }))
                .isInstanceOfSatisfying(PublishStep.Skipped.class,
                        s -> assertThat(s.reason()).contains("GOOGLE_APPLICATION_CREDENTIALS is not set"));

        // a user key file (gcloud auth application-default login) has no project_id
        Path userKey = Files.writeString(keys.resolve("adc.json"), "{\"type\": \"authorized_user\", "
                + "\"client_id\": \"id.apps.googleusercontent.com\", \"client_secret\": \"s3cret-value\", "
                + "\"refresh_token\": \"r3fresh-value\"}", StandardCharsets.UTF_8);
        PublishSettings noProject = new PublishSettings(Optional.of(userKey), Optional.empty(), DATASET, LOCATION,
                Optional.empty(), Optional.empty());
        assertThat(PublishStep.ofShippedMarts().run(noProject, DAY, paths, l -> { }))
                .isInstanceOfSatisfying(PublishStep.Skipped.class,
                        s -> assertThat(s.reason()).contains("no BigQuery project").contains("--bq-project"));

        Path garbage = Files.writeString(keys.resolve("bad.json"), "not json s3cret-value", StandardCharsets.UTF_8);
        PublishSettings bad = new PublishSettings(Optional.of(garbage), Optional.of(PROJECT), DATASET, LOCATION,
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> PublishStep.ofShippedMarts().run(bad, DAY, paths, l -> { }))
                .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS=" + garbage)
                .hasMessageNotContaining("s3cret");
        assertThat(peer.requests()).as("nothing was sent").isEmpty();
    }

    @Test
    void aDayTheWarehouseHasNotBuiltFailsNamingTheBatchRun() {
        Partition notBuilt = new Partition(LocalDate.parse("2026-12-24"));
        assertThatThrownBy(() -> PublishStep.ofShippedMarts().run(settings(Optional.empty()), notBuilt, paths, l -> { }))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("no rows for 2026-12-24")
                .hasMessageContaining("cryptopipe batch run --date 2026-12-24");
        assertThat(peer.requests()).isEmpty();
    }

    private static PublishStep.Published publish(PublishSettings settings) {
        PublishStep.Result result = PublishStep.ofShippedMarts().run(settings, DAY, paths, l -> { });
        assertThat(result).isInstanceOf(PublishStep.Published.class);
        return (PublishStep.Published) result;
    }

    private static PublishSettings settings(Optional<String> bucket) {
        return new PublishSettings(Optional.empty(), Optional.of(PROJECT), DATASET, LOCATION, bucket,
                Optional.of(peer.endpoint()));
    }

    private static String table(String mart) {
        return DIMENSIONS.contains(mart) ? mart : mart + "$20261102";
    }

    /** Table, configuration and rows of each load, by table: what must not change between two publishes. */
    private static Map<String, String> describe(List<GooglePeer.LoadJob> jobs) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (GooglePeer.LoadJob j : jobs) {
            out.put(j.table(), j.load().toString() + " rows=" + parquetRows(j.bytes()));
        }
        return out;
    }

    /**
     * The fields the client sent, in Terraform's spelling: the client writes legacy SQL type names (INTEGER, FLOAT,
     * BOOLEAN), which BigQuery reads as INT64, FLOAT64 and BOOL.
     */
    private static JsonNode normalized(JsonNode fields) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode f : fields) {
            ObjectNode n = out.addObject();
            n.put("name", f.path("name").asText());
            String type = f.path("type").asText();
            n.put("type", switch (type) {
                case "INTEGER" -> "INT64";
                case "FLOAT" -> "FLOAT64";
                case "BOOLEAN" -> "BOOL";
                default -> type;
            });
            n.put("mode", f.path("mode").asText());
            if (f.has("description")) {
                n.put("description", f.path("description").asText());
            }
        }
        return out;
    }

    private static JsonNode field(JsonNode load, String name) {
        for (JsonNode f : load.path("schema").path("fields")) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }

    private static long parquetRows(byte[] bytes) throws Exception {
        return peer.parquetRows(bytes);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<BigDecimal> decimals(Statement st, String sql) throws SQLException {
        List<BigDecimal> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getBigDecimal(1));
            }
        }
        return out;
    }
}
