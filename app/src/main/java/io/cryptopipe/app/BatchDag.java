package io.cryptopipe.app;

import io.cryptopipe.batch.Step;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The batch DAG of one UTC day as an outside scheduler (Airflow, cron) must run it through the command line: one task
 * per {@link Step}, in order, each {@code batch run --date {{ ds }} --step <step>}, then {@code publish}
 * ({@code batch publish --date {{ ds }}}, the BigQuery load). Built from {@link Step}, so a new step shows up here,
 * and the Airflow DAG under {@code deploy/airflow/dags/} is tested against this list.
 */
public final class BatchDag {
    /** The Airflow (Jinja) template of the logical date, {@code YYYY-MM-DD}. */
    public static final String DS = "{{ ds }}";
    /** The task after the steps: load the day's marts into BigQuery. */
    public static final String PUBLISH = "publish";

    private BatchDag() {
    }

    /** One task: its id and the CLI arguments it runs (after the {@code cryptopipe} launcher), with {@link #DS}. */
    public record Task(String id, List<String> args) {
        public Task {
            args = List.copyOf(args);
        }

        /** The arguments as one shell-ready line, e.g. {@code batch run --date {{ ds }} --step extract}. */
        public String command() {
            return String.join(" ", args);
        }
    }

    /** The tasks in the order they run; each depends on the one before it. */
    public static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (Step step : Step.values()) {
            tasks.add(new Task(step.label(), List.of("batch", "run", "--date", DS, "--step", step.label())));
        }
        tasks.add(new Task(PUBLISH, List.of("batch", PUBLISH, "--date", DS)));
        return List.copyOf(tasks);
    }

    /** The edges {@code upstream -> downstream} of the chain. */
    public static List<List<String>> edges() {
        List<Task> tasks = tasks();
        List<List<String>> edges = new ArrayList<>();
        for (int i = 1; i < tasks.size(); i++) {
            edges.add(List.of(tasks.get(i - 1).id(), tasks.get(i).id()));
        }
        return List.copyOf(edges);
    }

    /**
     * {@code batch dag}: prints the tasks, one a line ({@code <id><TAB>cryptopipe <args>}), for schedulers and
     * people. Registered in {@link Cli} under {@code batch}.
     */
    @Command(name = "dag", mixinStandardHelpOptions = true,
            description = {"Print the batch DAG of one day as an outside scheduler runs it: one task a line,",
                    "<task id> TAB cryptopipe <arguments>, in order; {{ ds }} is the UTC day (Airflow's template)."})
    static final class Print implements Callable<Integer> {
        private final PrintStream out;

        Print(Cli.Context context) {
            this.out = context.out();
        }

        @Override
        public Integer call() {
            for (Task task : tasks()) {
                out.println(task.id() + "\tcryptopipe " + task.command());
            }
            return ExitCodes.OK;
        }
    }
}
