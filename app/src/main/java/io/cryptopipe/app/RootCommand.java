package io.cryptopipe.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cryptopipe}: lists the commands; the work happens in the subcommands. */
@Command(name = "cryptopipe", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "CoinCap market data -> Kafka -> Spark -> PostgreSQL, and a modeled warehouse.",
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error, 130 interrupted."})
final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** No subcommand given: a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Reads the version Maven stamped into the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties props = new Properties();
            try (InputStream in = RootCommand.class.getResourceAsStream("/cryptopipe-version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            }
            return new String[] {"cryptopipe " + props.getProperty("version", "unknown")
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
