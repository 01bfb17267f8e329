package io.cryptopipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.app.Cli;
import io.cryptopipe.broker.EmbeddedKafka;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.NaturalKey;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.ingest.RawItems;
import io.cryptopipe.store.PgServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar submitted as a cluster takes it: Spark's own {@code org.apache.spark.deploy.SparkSubmit} in a child JVM
 * whose classpath is only what a Spark distribution provides (spark-sql's own dependency closure, written by the
 * spark-runtime module to its {@code target/spark-classpath.txt}), {@code --master local[2] --class io.cryptopipe.app.Main cryptopipe-job.jar},
 * against an embedded Kafka broker and PostgreSQL that the job reaches as external engines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitIT {
    private static final Path JOB_JAR = Path.of("target", "cryptopipe-job.jar");
    private static final Path SPARK_CLASSPATH = Path.of("..", "spark-runtime", "target", "spark-classpath.txt");
    private static final Map<String, Entity<?>> ENTITIES = Map.of("assets", Entity.ASSET, "rates", Entity.RATE,
            "exchanges", Entity.EXCHANGE, "markets", Entity.MARKET);
    private static final Map<String, String> STORED_KEYS = Map.of(
            "assets", "SELECT id, observed_at FROM asset_snapshots",
            "rates", "SELECT id, observed_at FROM rate_snapshots",
            "exchanges", "SELECT exchange_id, observed_at FROM exchange_snapshots",
            "markets", "SELECT exchange_id || '/' || base_id || '/' || quote_id, observed_at FROM market_snapshots");

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static PgServer pg;

    @BeforeAll
    static void startEngines() throws IOException {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        pg = PgServer.start(dir.resolve("pg"), dir.resolve("pg-runtime"));
    }

    @AfterAll
    static void stopEngines() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void theJobJarCarriesTheCliAndTheKafkaSourceButLeavesSparkAndScalaToTheCluster() throws IOException {
        assertThat(JOB_JAR).as("built by the package phase").exists();
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.cryptopipe.app.Main");
            assertThat(jar.getEntry("io/cryptopipe/app/Main.class")).isNotNull();
            assertThat(jar.getEntry("io/cryptopipe/stream/StreamJob.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/spark/sql/kafka010/KafkaSourceProvider.class"))
                    .as("spark-sql-kafka is not in a Spark distribution").isNotNull();
            assertThat(jar.getEntry("org/postgresql/Driver.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/spark/SparkContext.class")).as("Spark is provided").isNull();
            assertThat(jar.getEntry("org/apache/spark/sql/SparkSession.class")).isNull();
            assertThat(jar.getEntry("scala/Option.class")).as("Scala is provided").isNull();
        }
    }

    @Test
    @Order(2)
    void theSubmittedStreamStoresEveryAcceptedItemIngestPublishedAndTheSubmittedExtractWritesTheLake()
            throws Exception {
        Path ingestDir = dir.resolve("ingest");
        CliResult ingest = cli("ingest", "--kafka", kafka.bootstrapServers(), "--pg-url", pg.jdbcUrl(),
                "--data-dir", ingestDir.toString(), "--duration", "8s", "--coincap-api", "v2", "--assets", "30", "--exchanges", "4",
                "--markets", "40", "--poll-assets", "1s", "--poll-rates", "2s", "--poll-exchanges", "2s",
                "--poll-markets", "2s");
        assertThat(ingest.code()).as(ingest.output()).isZero();
        Map<String, Set<String>> published = acceptedItems(ingestDir.resolve("raw"));
        assertThat(published.get("assets")).as("ingest published assets").isNotEmpty();

        Submitted stream = submit("stream", "--kafka", kafka.bootstrapServers(), "--pg-url", pg.jdbcUrl(),
                "--data-dir", dir.resolve("stream").toString(), "--duration", "25s");
        assertThat(stream.code()).as(stream.log()).isZero();
        assertThat(stream.log()).contains("spark: local[2]").contains("stopped cleanly");
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl())) {
            for (String entity : ENTITIES.keySet()) {
                assertThat(keys(db, STORED_KEYS.get(entity))).as(entity)
                        .isEqualTo(published.getOrDefault(entity, Set.of()));
            }
        }

        LocalDate day = firstPollDay(ingestDir.resolve("raw"));
        Path batchDir = dir.resolve("batch");
        Submitted extract = submit("batch", "run", "--date", day.toString(), "--step", "extract", "--pg-url",
                pg.jdbcUrl(), "--data-dir", batchDir.toString());
        assertThat(extract.code()).as(extract.log()).isZero();
        Path partition = batchDir.resolve("lake").resolve("asset_snapshots").resolve("date=" + day);
        assertThat(parquetRows(partition)).as("the day's asset snapshots in the lake")
                .isEqualTo(published.get("assets").stream().filter(key -> key.contains("@" + day)).count());
    }

    private record CliResult(int code, String output) {
    }

    private record Submitted(int code, String log) {
    }

    private static CliResult cli(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int code = new Cli(Map.of(), Clock.systemUTC(), out, out).run(args);
            return new CliResult(code, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** spark-submit in a child JVM with Spark's classpath only; the job jar brings everything else. */
    private static Submitted submit(String... jobArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the --add-opens Spark's launcher passes on Java 17, as this JVM got them from the build
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens")).forEach(command::add);
        assertThat(SPARK_CLASSPATH).as("written by building the spark-runtime module").exists();
        command.addAll(List.of("-Xmx1g", "-cp", Files.readString(SPARK_CLASSPATH).strip(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", "io.cryptopipe.app.Main",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", JOB_JAR.toAbsolutePath().toString()));
        command.addAll(List.of(jobArgs));
        Path log = Files.createTempFile(dir, "spark-submit-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(240, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Submitted(-1, "spark-submit did not end within 240 s:\n" + Files.readString(log));
        }
        return new Submitted(process.exitValue(), Files.readString(log));
    }

    /** What the stream must store: every item of every archived poll that parses without a rejection. */
    private static Map<String, Set<String>> acceptedItems(Path raw) throws IOException {
        CoinCapParser parser = new CoinCapParser(ApiShape.V2);
        Map<String, Set<String>> accepted = new java.util.HashMap<>();
        for (ArchivedPoll poll : new RawArchive(raw).read(Instant.MIN, Instant.MAX).polls()) {
            if (poll.outcome() != ArchivedPoll.Outcome.OK) {
                continue;
            }
            for (ArchivedPoll.Page page : poll.pages()) {
                for (String item : RawItems.split(page.body()).orElse(List.of())) {
                    if (parser.parseItem(ENTITIES.get(poll.entity()), item) instanceof ParsedResponse.Page<?> p
                            && p.rejections().isEmpty()) {
                        accepted.computeIfAbsent(poll.entity(), e -> new HashSet<>())
                                .add(NaturalKey.of(poll.entity(), item).orElseThrow() + "@" + poll.observedAt());
                    }
                }
            }
        }
        return accepted;
    }

    private static LocalDate firstPollDay(Path raw) throws IOException {
        return new RawArchive(raw).read(Instant.MIN, Instant.MAX).polls().stream()
                .map(poll -> LocalDate.ofInstant(poll.observedAt(), ZoneOffset.UTC)).min(LocalDate::compareTo)
                .orElseThrow();
    }

    private static Set<String> keys(Connection db, String sql) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1) + "@" + rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return keys;
    }

    private static long parquetRows(Path partition) throws Exception {
        try (Stream<Path> files = Files.list(partition)) {
            assertThat(files.filter(f -> f.toString().endsWith(".parquet")).count()).as(partition.toString())
                    .isPositive();
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM read_parquet('"
                     + partition.resolve("*.parquet").toString().replace("'", "''") + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
