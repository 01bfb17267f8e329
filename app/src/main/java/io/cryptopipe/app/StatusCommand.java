package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code status}: whether {@code up} runs on this data directory, and which parts exist yet. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say whether `up` runs on this data directory and what it runs.")
final class StatusCommand extends ConfiguredCommand {
    StatusCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        PrintStream out = context.out();
        Path root = config.get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
        Optional<RunFile> run = RunFile.read(new DataDir(root).runFile());
        if (run.isPresent() && run.get().alive()) {
            out.println("up: running (pid " + run.get().pid() + ", since " + run.get().started() + ")");
            out.println("source: " + run.get().source());
        } else if (run.isPresent()) {
            out.println("up: not running (stale run file from pid " + run.get().pid() + ", started "
                    + run.get().started() + "; it did not stop cleanly)");
        } else {
            out.println("up: not running on " + root);
        }
        out.println("kafka, spark, postgres: not part of up yet (they arrive with the streaming path)");
        out.println("dashboard: not part of up yet");
        return ExitCodes.OK;
    }
}
