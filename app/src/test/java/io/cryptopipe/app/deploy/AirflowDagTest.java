package io.cryptopipe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.app.BatchDag;
import io.cryptopipe.batch.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG ({@code deploy/airflow/dags/cryptopipe_batch.py}) runs exactly the CLI's own DAG ({@link BatchDag}):
 * the same tasks in the same order, each with the same {@code cryptopipe} command, chained one after the other, with
 * retries and backoff, catchup for backfill, one run at a time and a failure alert. Airflow cannot be installed
 * here, so {@code deploy/dag_tasks.py} reads the file with Python's {@code ast}; the file also byte-compiles.
 */
class AirflowDagTest {
    static final String CLI = "${CRYPTOPIPE_BIN:-cryptopipe}";

    static Path dag;
    static Path script;
    static JsonNode parsed;

    @BeforeAll
    static void parse() throws Exception {
        dag = Repo.root().resolve("deploy/airflow/dags/cryptopipe_batch.py");
        script = Path.of(AirflowDagTest.class.getResource("/deploy/dag_tasks.py").toURI());
        String python = Repo.program("python3", "python3");
        Repo.Run run = Repo.run(Repo.root(), python, script.toString(), dag.toString());
        assertThat(run.exit()).as("dag_tasks.py on the DAG file:\n%s", run.shown()).isZero();
        parsed = new ObjectMapper().readTree(run.out());
    }

    @Test
    void theCliDagIsEveryStepInOrderThenPublish() {
        List<String> ids = BatchDag.tasks().stream().map(BatchDag.Task::id).toList();
        List<String> expected = new ArrayList<>(Arrays.stream(Step.values()).map(Step::label).toList());
        expected.add("publish");
        assertThat(ids).isEqualTo(expected);
        assertThat(BatchDag.tasks().get(0).command()).isEqualTo("batch run --date {{ ds }} --step extract");
        assertThat(BatchDag.tasks().get(ids.size() - 1).command()).isEqualTo("batch publish --date {{ ds }}");
    }

    @Test
    void theAirflowTasksAreTheCliDagsTasksWithItsCommands() {
        List<String> ids = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (JsonNode task : parsed.get("tasks")) {
            ids.add(task.get("task_id").asText());
            commands.add(task.get("bash_command").asText());
            assertThat(task.get("operator").asText()).as("operator of %s", task.get("task_id")).isEqualTo("BashOperator");
            assertThat(task.get("kwargs").toString()).as("env passthrough of %s", task.get("task_id"))
                    .contains("\"env\"").contains("\"append_env\"");
        }
        assertThat(ids).as("task ids in file order").isEqualTo(BatchDag.tasks().stream().map(BatchDag.Task::id).toList());
        assertThat(commands).as("bash commands").isEqualTo(
                BatchDag.tasks().stream().map(t -> CLI + " " + t.command()).toList());
    }

    @Test
    void theTasksRunInTheCliDagsOrder() {
        List<List<String>> edges = new ArrayList<>();
        for (JsonNode edge : parsed.get("edges")) {
            edges.add(List.of(edge.get(0).asText(), edge.get(1).asText()));
        }
        assertThat(edges).isEqualTo(BatchDag.edges());
    }

    @Test
    void runsOneDayAtATimeWithCatchupRetriesAndAlerts() {
        JsonNode dagArgs = parsed.get("dag");
        assertThat(dagArgs.get("dag_id").asText()).isEqualTo("cryptopipe_batch");
        assertThat(dagArgs.get("catchup").asBoolean()).as("catchup (backfill of missed days)").isTrue();
        assertThat(dagArgs.get("max_active_runs").asInt()).as("max_active_runs").isEqualTo(1);
        assertThat(dagArgs.get("schedule").asText()).isEqualTo("@daily");
        JsonNode defaults = parsed.get("default_args");
        assertThat(defaults.get("retries").asInt()).as("retries").isGreaterThanOrEqualTo(1);
        assertThat(defaults.get("retry_exponential_backoff").asBoolean()).as("exponential backoff").isTrue();
        assertThat(defaults.has("retry_delay")).isTrue();
        assertThat(defaults.get("on_failure_callback").asText()).as("failure alert callback")
                .isEqualTo("<name:alert_on_failure>");
        assertThat(defaults.has("email_on_failure")).isTrue();
    }

    @Test
    void theDagFileCompiles(@TempDir Path tmp) throws Exception {
        String python = Repo.program("python3", "python3");
        // compile into a temporary file, so no __pycache__ is left under deploy/
        Repo.Run run = Repo.run(Repo.root(), python, "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                dag.toString(), tmp.resolve("dag.pyc").toString());
        assertThat(run.exit()).as("py_compile:\n%s", run.shown()).isZero();
        assertThat(Files.size(tmp.resolve("dag.pyc"))).isPositive();
    }
}
