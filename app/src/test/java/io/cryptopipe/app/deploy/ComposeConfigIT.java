package io.cryptopipe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/docker-compose.yml} is a valid Compose file as {@code docker-compose config} (Debian's package, 1.29)
 * reads it, alone, with the airflow profile and with the CoinCap override, and the resolved stack comes up in order:
 * every dependency on a service with a health check waits for it to be healthy, one-shot services are waited for to
 * finish, every long-running service has a health check, the Spark workers join the master, the volumes the
 * executors write are shared with the drivers, and every published port is on 127.0.0.1 only. Also checks the
 * compose-specific Prometheus config with promtool and that Grafana gets every variable its datasource reads.
 * Nothing is started: there is no Docker engine where this runs.
 */
class ComposeConfigIT {
    final Path root = Repo.root();

    JsonNode config(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Repo.program("docker-compose", "docker-compose"),
                "-f", "deploy/docker-compose.yml"));
        command.addAll(List.of(extra));
        command.add("config");
        Repo.Run run = Repo.run(root, command);
        assertThat(run.exit()).as("%s:\n%s", String.join(" ", command), run.shown()).isZero();
        assertThat(run.err()).as("warnings of %s", String.join(" ", command)).doesNotContain("is not set");
        return new YAMLMapper().readTree(run.out());
    }

    @Test
    void theStackIsValidAndComesUpInOrder() throws Exception {
        JsonNode services = config().get("services");
        assertThat(names(services)).contains("kafka", "postgres", "spark-master", "spark-worker-1", "spark-worker-2",
                "simulator", "ingest", "stream", "batch-scheduler", "dashboard", "prometheus", "grafana");
        // docker-compose 1.29's config lists profiled services too; airflow starts only with its profile
        if (services.has("airflow")) {
            assertThat(services.get("airflow").get("profiles").toString()).isEqualTo("[\"airflow\"]");
        }
        assertStartsInOrder(services);
    }

    @Test
    void theAirflowProfileAndTheCoinCapOverrideAreValidToo() throws Exception {
        JsonNode withAirflow = config("--profile", "airflow").get("services");
        assertThat(names(withAirflow)).contains("airflow", "batch-scheduler");
        assertStartsInOrder(withAirflow);
        assertThat(withAirflow.get("airflow").path("volumes").toString()).contains("/opt/airflow/dags");

        JsonNode coincap = config("-f", "deploy/docker-compose.coincap.yml").get("services");
        JsonNode env = coincap.get("ingest").get("environment");
        assertThat(env.get("CRYPTOPIPE_COINCAP_URL").asText()).isEqualTo("https://rest.coincap.io/v3");
        assertThat(env.get("COINCAP_API_KEY_FILE").asText()).isEqualTo("/run/secrets/coincap_api_key");
        assertThat(coincap.get("ingest").get("secrets").toString()).contains("coincap_api_key");
    }

    @Test
    void theSparkWorkersJoinTheMasterAndShareTheExecutorsVolumes() throws Exception {
        JsonNode services = config().get("services");
        for (String worker : List.of("spark-worker-1", "spark-worker-2")) {
            JsonNode w = services.get(worker);
            assertThat(w.get("command").toString()).as(worker).contains("spark://spark-master:7077")
                    .contains("org.apache.spark.deploy.worker.Worker");
            assertThat(w.at("/depends_on/spark-master/condition").asText()).isEqualTo("service_healthy");
            assertThat(mounts(w)).as("volumes of %s", worker).contains("stream-data:/data/stream",
                    "batch-data:/data/batch");
        }
        for (String driver : List.of("stream", "batch-scheduler")) {
            String command = services.get(driver).get("command").toString();
            assertThat(command).as(driver).contains("spark://spark-master:7077").contains("io.cryptopipe.app.Main");
        }
        assertThat(mounts(services.get("stream"))).contains("stream-data:/data/stream");
        assertThat(mounts(services.get("batch-scheduler"))).contains("batch-data:/data/batch");
        // each JVM its own data directory (the dashboard reads the batch's reports, read-only, and keeps nothing)
        Set<String> dirs = new TreeSet<>();
        for (String jvm : List.of("ingest", "stream", "batch-scheduler")) {
            List<String> words = DeploymentCommandsTest.words(services.get(jvm).get("command"));
            String dir = words.get(words.indexOf("--data-dir") + 1);
            assertThat(dirs.add(dir)).as("--data-dir %s of %s is another service's", dir, jvm).isTrue();
        }
        assertThat(mounts(services.get("dashboard"))).contains("batch-data:/data/batch:ro");
    }

    @Test
    void everyPublishedPortIsOnLoopbackOnly() throws Exception {
        JsonNode services = config("--profile", "airflow").get("services");
        List<String> published = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode port : service.getValue().path("ports")) {
                String text = port.isTextual() ? port.asText()
                        : port.path("host_ip").asText("") + ":" + port.path("published").asText();
                published.add(service.getKey() + " " + text);
                assertThat(text).as("published port of %s", service.getKey()).startsWith("127.0.0.1:");
            }
        }
        assertThat(published).as("published ports").hasSizeGreaterThanOrEqualTo(3)
                .anyMatch(p -> p.startsWith("dashboard 127.0.0.1:8080"))
                .anyMatch(p -> p.startsWith("grafana 127.0.0.1:3000"))
                .anyMatch(p -> p.startsWith("prometheus 127.0.0.1:9090"));
    }

    @Test
    void grafanaGetsEveryVariableAndTheSecretItsDatasourceReads() throws Exception {
        JsonNode grafana = config().get("services").get("grafana");
        String datasource = Files.readAllLines(root.resolve("deploy/grafana/provisioning/datasources/postgres.yml"),
                StandardCharsets.UTF_8).stream().filter(l -> !l.strip().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n"));
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(datasource);
        int n = 0;
        while (m.find()) {
            n++;
            assertThat(grafana.get("environment").has(m.group(1))).as("grafana environment %s", m.group(1)).isTrue();
        }
        assertThat(n).isGreaterThan(0);
        Matcher file = Pattern.compile("\\$__file\\{/run/secrets/([a-z_]+)}").matcher(datasource);
        assertThat(file.find()).isTrue();
        assertThat(grafana.get("secrets").toString()).contains("\"target\":\"" + file.group(1) + "\"");
        assertThat(mounts(grafana)).anyMatch(v -> v.endsWith(":/etc/grafana/provisioning:ro"))
                .anyMatch(v -> v.endsWith(":/var/lib/grafana/dashboards/cryptopipe:ro"));
    }

    @Test
    void theComposePrometheusConfigIsValid() throws Exception {
        // promtool checks that password_file exists: check a copy pointing at a temporary file
        Path dir = Files.createTempDirectory("prometheus-compose");
        try {
            Path password = Files.writeString(dir.resolve("password"), "test\n");
            String config = Files.readString(root.resolve("deploy/prometheus/prometheus.compose.yml"),
                    StandardCharsets.UTF_8);
            assertThat(config).contains("password_file: /run/secrets/dashboard_password").contains("dashboard:8080");
            Files.writeString(dir.resolve("prometheus.yml"),
                    config.replace("/run/secrets/dashboard_password", password.toString()));
            Files.copy(root.resolve("deploy/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
            Repo.Run run = Repo.run(dir, Repo.program("promtool", "prometheus"), "check", "config", "prometheus.yml");
            assertThat(run.exit()).as("promtool check config prometheus.compose.yml:\n%s", run.shown()).isZero();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * Every service that depends on another waits for it properly: a dependency with a health check must be
     * {@code service_healthy}, a one-shot service ({@code restart: "no"}) {@code service_completed_successfully};
     * every long-running service has a health check of its own.
     */
    static void assertStartsInOrder(JsonNode services) {
        Map<String, JsonNode> byName = new HashMap<>();
        services.fields().forEachRemaining(e -> byName.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> service : byName.entrySet()) {
            boolean oneShot = "no".equals(service.getValue().path("restart").asText());
            if (!oneShot) {
                assertThat(service.getValue().has("healthcheck")).as("health check of %s", service.getKey()).isTrue();
            }
            for (Iterator<Map.Entry<String, JsonNode>> deps = service.getValue().path("depends_on").fields();
                 deps.hasNext(); ) {
                Map.Entry<String, JsonNode> dep = deps.next();
                JsonNode target = byName.get(dep.getKey());
                assertThat(target).as("%s depends on %s, which is not defined", service.getKey(), dep.getKey())
                        .isNotNull();
                String condition = dep.getValue().path("condition").asText();
                String expected = "no".equals(target.path("restart").asText()) ? "service_completed_successfully"
                        : target.has("healthcheck") ? "service_healthy" : "service_started";
                assertThat(condition).as("condition of %s on %s", service.getKey(), dep.getKey()).isEqualTo(expected);
            }
        }
    }

    static Set<String> names(JsonNode services) {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Volumes as {@code source:target[:ro]}, whatever form config printed them in. */
    static List<String> mounts(JsonNode service) {
        List<String> mounts = new ArrayList<>();
        for (JsonNode v : service.path("volumes")) {
            if (v.isTextual()) {
                mounts.add(v.asText().replaceAll(":rw$", ""));
            } else {
                mounts.add(v.path("source").asText() + ":" + v.path("target").asText()
                        + (v.path("read_only").asBoolean() ? ":ro" : ""));
            }
        }
        return mounts;
    }
}
