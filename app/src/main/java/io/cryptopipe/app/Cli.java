package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigException;
import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ConfigProblem;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The composition root of the command line: builds the command tree, offers every {@link ConfigKeys} key as a flag
 * on the commands that use it, and maps outcomes to exit codes (0 ok, 1 runtime failure, 2 usage or configuration,
 * 130 interrupted).
 */
public final class Cli {
    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    public Cli(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
    public int run(String... args) {
        CommandLine cli = build();
        return cli.execute(args);
    }

    CommandLine build() {
        Context context = new Context(env, clock, out, err);
        CommandLine cli = new CommandLine(new RootCommand());
        cli.addSubcommand(withConfigOptions(new CommandLine(new UpCommand(context)), ConfigKeys.UP));
        cli.addSubcommand(withConfigOptions(new CommandLine(new SimulateCommand(context)), ConfigKeys.SIMULATE));
        cli.addSubcommand(withConfigOptions(new CommandLine(new ConfigCommand(context)), "config"));
        cli.addSubcommand(withConfigOptions(new CommandLine(new IngestCommand(context)), "ingest"));
        cli.addSubcommand(withConfigOptions(new CommandLine(new StreamCommand(context)), "stream"));
        cli.addSubcommand(withConfigOptions(new CommandLine(new ReplayCommand(context)), "replay"));
        cli.addSubcommand(withConfigOptions(new CommandLine(new StatusCommand(context)), "status"));
        cli.addSubcommand(withConfigOptions(new CommandLine(new ServeCommand(context)), ServeCommand.NAME));
        cli.addSubcommand(withConfigOptions(new CommandLine(new BatchSchedulerCommand(context)),
                key -> key.offeredOn(BatchSchedulerCommand.NAME) || key.offeredOn(ConfigKeys.BATCH)
                        || key.flag().isPresent() && key.name().startsWith("batch-")));
        CommandLine batch = new CommandLine(new BatchCommands.Root());
        batch.addSubcommand(withConfigOptions(new CommandLine(new BatchCommands.Run(context)), ConfigKeys.BATCH));
        batch.addSubcommand(withConfigOptions(new CommandLine(new BatchCommands.Backfill(context)), ConfigKeys.BATCH));
        batch.addSubcommand(withConfigOptions(new CommandLine(new BatchCommands.Status(context)), ConfigKeys.BATCH));
        batch.addSubcommand(withConfigOptions(new CommandLine(new BatchCommands.Publish(context)), ConfigKeys.PUBLISH));
        batch.addSubcommand(new CommandLine(new BatchDag.Print(context)));
        cli.addSubcommand(batch);
        cli.addSubcommand(io.cryptopipe.app.bench.BenchCommand.commandLine(env, clock, out, err));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler(this::onException);
        return cli;
    }

    private static CommandLine withConfigOptions(CommandLine command, String name) {
        return withConfigOptions(command, key -> key.offeredOn(name));
    }

    /** Offers as flags the keys {@code offered} accepts (e.g. shared keys plus the scheduler's batch-* keys). */
    private static CommandLine withConfigOptions(CommandLine command, java.util.function.Predicate<ConfigKey<?>> offered) {
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (offered.test(key)) {
                command.getCommandSpec().addOption(OptionSpec.builder(key.flag().orElseThrow())
                        .type(String.class)
                        .paramLabel("<" + key.name() + ">")
                        .description(key.description() + " Form: " + key.expected() + ". Env: " + key.env()
                                + key.defaultText().map(d -> ". Default: " + d).orElse("") + ".")
                        .build());
            }
        }
        return command;
    }

    private int onException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        if (e instanceof ConfigException config) {
            err.println("cryptopipe " + command.getCommandName() + ": configuration error"
                    + (config.problems().size() > 1 ? "s" : "") + ":");
            for (ConfigProblem problem : config.problems()) {
                err.println("  " + problem);
            }
            err.println("See 'cryptopipe " + command.getCommandName() + " --help' and the README's configuration table.");
            return ExitCodes.USAGE;
        }
        err.println("cryptopipe " + command.getCommandName() + ": error: " + message(e));
        org.slf4j.LoggerFactory.getLogger(Cli.class).debug("command failed", e);
        return ExitCodes.RUNTIME_FAILURE;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Everything commands need from the outside world, injected once. */
    record Context(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
    }
}
