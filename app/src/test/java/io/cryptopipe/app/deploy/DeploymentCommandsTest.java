package io.cryptopipe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cryptopipe.app.BatchDag;
import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code cryptopipe} invocation the deployment files make exists in the CLI: each subcommand path and each
 * {@code --flag} (command options and configuration-key flags) is in {@code Cli.build()}'s command tree. Invocations
 * are the compose services' entrypoint + command ({@code cryptopipe ...}, or {@code spark-submit ... --class
 * io.cryptopipe.app.Main <jar> ...}), the Makefile's recipes (its variables expanded), the Airflow DAG's
 * {@code bash_command}s and {@link BatchDag}, and the command lines of docs/deployment.md. The environment the
 * compose file gives cryptopipe services names only real configuration variables.
 */
class DeploymentCommandsTest {
    static final String MAIN = "io.cryptopipe.app.Main";
    /** Environment variables the launcher, the images or the DAG read besides the configuration keys. */
    static final Set<String> OTHER_ENV = Set.of("CRYPTOPIPE_JAVA_OPTS", "CRYPTOPIPE_LOG_LEVEL", "CRYPTOPIPE_BIN",
            "CRYPTOPIPE_BATCH_START_DATE", "CRYPTOPIPE_ALERT_EMAIL", "CRYPTOPIPE_ALERT_WEBHOOK");

    final Path root = Repo.root();
    final CommandLine cli = Repo.cli();

    /** One invocation: where it was found and the CLI arguments after the launcher or the job jar. */
    record Invocation(String where, List<String> args) {
    }

    @Test
    void everyComposeInvocationExists() throws IOException {
        List<Invocation> found = new ArrayList<>();
        for (String file : List.of("deploy/docker-compose.yml", "deploy/docker-compose.coincap.yml")) {
            JsonNode services = new YAMLMapper().readTree(root.resolve(file).toFile()).path("services");
            for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                List<String> argv = new ArrayList<>(words(service.getValue().path("entrypoint")));
                argv.addAll(words(service.getValue().path("command")));
                invocation(file + " service " + service.getKey(), argv).ifPresent(found::add);
            }
        }
        assertThat(found).extracting(i -> i.args().get(0)).as("compose invocations")
                .contains("simulate", "ingest", "stream", "batch-scheduler", "serve");
        found.forEach(this::assertExists);
    }

    @Test
    void composeGivesCryptopipeServicesOnlyRealVariables() throws IOException {
        Set<String> known = new TreeSet<>(OTHER_ENV);
        ConfigKeys.ALL.stream().map(ConfigKey::env).forEach(known::add);
        for (String file : List.of("deploy/docker-compose.yml", "deploy/docker-compose.coincap.yml")) {
            JsonNode services = new YAMLMapper().readTree(root.resolve(file).toFile()).path("services");
            for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                if (service.getKey().equals("grafana")) {
                    continue; // its CRYPTOPIPE_PG_* are the datasource file's own variables (ComposeConfigIT)
                }
                for (Iterator<String> names = service.getValue().path("environment").fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (name.startsWith("CRYPTOPIPE_") || name.startsWith("COINCAP_")) {
                        assertThat(known).as("%s service %s: environment %s", file, service.getKey(), name)
                                .contains(name);
                    }
                }
            }
        }
    }

    @Test
    void everyMakefileInvocationExists() throws IOException {
        List<Invocation> found = new ArrayList<>();
        Map<String, String> vars = new HashMap<>();
        List<String> lines = joined(Files.readAllLines(root.resolve("Makefile"), StandardCharsets.UTF_8));
        Pattern assignment = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*(?::=|\\?=|=)\\s*(.*)$");
        for (String line : lines) {
            Matcher m = assignment.matcher(line);
            if (!line.startsWith("\t") && m.matches()) {
                vars.put(m.group(1), m.group(2));
            }
        }
        for (String line : lines) {
            if (line.startsWith("\t")) {
                String expanded = expand(line, vars, 0);
                invocation("Makefile: " + line.strip(), shellWords(expanded)).ifPresent(found::add);
            }
        }
        assertThat(found).extracting(i -> String.join(" ", i.args().subList(0, Math.min(2, i.args().size()))))
                .as("Makefile invocations").contains("stream --kafka", "batch backfill");
        found.forEach(this::assertExists);
    }

    @Test
    void everyDagCommandExists() throws IOException {
        for (BatchDag.Task task : BatchDag.tasks()) {
            assertExists(new Invocation("BatchDag task " + task.id(), task.args()));
        }
        // and read from the DAG file itself, independently of python3 (AirflowDagTest compares them in full)
        String dag = Files.readString(root.resolve("deploy/airflow/dags/cryptopipe_batch.py"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("bash_command=CLI \\+ \"\\s*([^\"]+)\"").matcher(dag);
        int n = 0;
        while (m.find()) {
            n++;
            assertExists(new Invocation("cryptopipe_batch.py: " + m.group(1), shellWords(m.group(1))));
        }
        assertThat(n).as("bash_command lines in the DAG file").isEqualTo(BatchDag.tasks().size());
    }

    @Test
    void everyDocumentedDeploymentCommandExists() throws IOException {
        Path doc = root.resolve("docs/deployment.md");
        List<Invocation> found = new ArrayList<>();
        boolean code = false;
        for (String line : joined(Files.readAllLines(doc, StandardCharsets.UTF_8))) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                String command = line.replaceAll("\\s+#.*$", "");
                invocation("docs/deployment.md: " + line.strip(), shellWords(command)).ifPresent(found::add);
            }
        }
        assertThat(found).as("invocations in docs/deployment.md").hasSizeGreaterThan(5);
        found.forEach(this::assertExists);
    }

    @Test
    void theCheckRejectsUnknownCommandsSubcommandsAndFlags() {
        assertThatThrownBy(() -> assertExists(new Invocation("t", List.of("stream", "--no-such-flag", "x"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("--no-such-flag");
        assertThatThrownBy(() -> assertExists(new Invocation("t", List.of("batch", "--date", "2026-01-01"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("needs one of its subcommands");
        assertThatThrownBy(() -> assertExists(new Invocation("t", List.of("no-such-command"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("is not a cryptopipe command");
        assertExists(new Invocation("t", List.of("batch", "run", "--date", "2026-01-01", "--pg-url", "jdbc:x")));
    }

    /** Walks the command tree along the subcommands, then checks every --flag on the command reached. */
    void assertExists(Invocation invocation) {
        List<String> args = invocation.args();
        CommandLine command = cli;
        int i = 0;
        while (i < args.size() && !args.get(i).startsWith("-")) {
            CommandLine sub = command.getSubcommands().get(args.get(i));
            if (sub == null) {
                break;
            }
            command = sub;
            i++;
        }
        String path = String.join(" ", args.subList(0, i));
        assertThat(command).as("%s: '%s' is not a cryptopipe command (have: %s)", invocation.where(),
                String.join(" ", args), cli.getSubcommands().keySet()).isNotSameAs(cli);
        assertThat(command.getSubcommands()).as("%s: 'cryptopipe %s' needs one of its subcommands, got '%s'",
                invocation.where(), path, i < args.size() ? args.get(i) : "").isEmpty();
        for (String arg : args.subList(i, args.size())) {
            if (arg.startsWith("--")) {
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                assertThat(command.getCommandSpec().findOption(flag))
                        .as("%s: 'cryptopipe %s' has no option %s", invocation.where(), path, flag).isNotNull();
            }
        }
    }

    /**
     * The CLI arguments of a command line, if it runs cryptopipe: after a {@code cryptopipe} launcher word, or after
     * the application jar that follows {@code --class io.cryptopipe.app.Main} in a spark-submit.
     */
    static Optional<Invocation> invocation(String where, List<String> argv) {
        int main = argv.indexOf(MAIN);
        if (main >= 0) {
            for (int j = main + 1; j < argv.size(); j++) {
                if (argv.get(j).endsWith(".jar")) {
                    return Optional.of(new Invocation(where, List.copyOf(argv.subList(j + 1, argv.size()))));
                }
            }
            throw new AssertionError(where + ": " + MAIN + " without an application jar after it: " + argv);
        }
        for (int j = 0; j < argv.size(); j++) {
            String word = argv.get(j);
            if ((word.equals("cryptopipe") || word.endsWith("/cryptopipe")) && j + 1 < argv.size()
                    && !argv.get(j + 1).startsWith("-")) {
                return Optional.of(new Invocation(where, List.copyOf(argv.subList(j + 1, argv.size()))));
            }
        }
        return Optional.empty();
    }

    /** A compose entrypoint or command: a YAML list, or a string split like a shell would. */
    static List<String> words(JsonNode node) {
        if (node.isArray()) {
            List<String> words = new ArrayList<>();
            node.forEach(w -> words.add(w.asText()));
            return words;
        }
        return node.isTextual() ? shellWords(node.asText()) : List.of();
    }

    /** Splits on blanks outside quotes and drops the quotes; enough for the command lines of these files. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else if (c == ';' || c == '|' || c == '&') {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
                words.add(String.valueOf(c));
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        // a command ends at a shell separator
        int end = words.size();
        for (int i = 0; i < words.size(); i++) {
            if (Set.of(";", "|", "&").contains(words.get(i))) {
                end = i;
                break;
            }
        }
        return words.subList(0, end);
    }

    /** Lines with their backslash continuations joined. */
    static List<String> joined(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    /** Expands the Makefile's own $(VAR) references; unknown ones ($(MAKE), $(FROM)) stay as written. */
    static String expand(String text, Map<String, String> vars, int depth) {
        if (depth > 10) {
            throw new AssertionError("Makefile variables nest too deep: " + text);
        }
        Matcher m = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            // $(shell ...) runs at make time (e.g. picking docker compose); keep the reference, not the shell code
            boolean keep = value == null || value.contains("$(shell");
            m.appendReplacement(out, Matcher.quoteReplacement(keep ? m.group() : expand(value, vars, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
