package io.cryptopipe.app.bench;

import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measurements of this machine's pipeline: {@code bench stream} the streaming path's
 * ({@link BenchStreamCommand}), {@code bench batch} the batch DAG's ({@link BenchBatchCommand}).
 *
 * <p>Built by {@link #commandLine} rather than by the CLI's own helper because the configuration flags belong on the
 * {@code stream} subcommand ({@code bench stream --data-dir D}), and because the app package's command base class
 * and context are package-private: this package reads the same configuration through
 * {@link io.cryptopipe.core.config.ResolvedConfig} with the same precedence (flag, environment, file, default).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the pipeline on this machine.",
                "bench stream: COPY baselines, end-to-end throughput, freshness and memory of the streaming path.",
                "bench batch: the batch DAG over one realistic day (about 8.6M rows), each step timed."})
public final class BenchCommand implements Callable<Integer> {
    /** The configuration keys {@code bench stream} reads; the others do not apply to its fresh embedded engines. */
    static final List<ConfigKey<?>> KEYS = List.of(ConfigKeys.CONFIG, ConfigKeys.DATA_DIR, ConfigKeys.KAFKA_PARTITIONS,
            ConfigKeys.ENTITIES, ConfigKeys.STREAM_TRIGGER, ConfigKeys.STREAM_MAX_OFFSETS, ConfigKeys.SPARK_MASTER);

    @Spec
    CommandSpec spec;

    private BenchCommand() {
    }

    /**
     * The {@code bench} command with its {@code stream} subcommand, the configuration flags offered on it.
     *
     * @param env the process environment (injected, as for every command)
     */
    public static CommandLine commandLine(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand("stream", withKeys(new CommandLine(new BenchStreamCommand(env, clock, out, err))));
        bench.addSubcommand("batch", withKeys(new CommandLine(new BenchBatchCommand(env, clock, out))));
        return bench;
    }

    private static CommandLine withKeys(CommandLine command) {
        for (ConfigKey<?> key : KEYS) {
            command.getCommandSpec().addOption(OptionSpec.builder(key.flag().orElseThrow())
                    .type(String.class)
                    .paramLabel("<" + key.name() + ">")
                    .description(key.description() + " Form: " + key.expected() + ". Env: " + key.env()
                            + key.defaultText().map(d -> ". Default: " + d).orElse("") + ".")
                    .build());
        }
        return command;
    }

    /** The configuration of a bench subcommand: its {@link #KEYS} flags given, then environment, file, defaults. */
    static io.cryptopipe.core.config.ResolvedConfig resolveConfig(CommandSpec spec, Map<String, String> env) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (ConfigKey<?> key : KEYS) {
            OptionSpec option = key.flag().map(spec::findOption).orElse(null);
            if (option != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                flags.put(key.name(), option.getValue());
            }
        }
        return io.cryptopipe.core.config.ResolvedConfig.resolve(flags, env);
    }

    /** No subcommand given: a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
