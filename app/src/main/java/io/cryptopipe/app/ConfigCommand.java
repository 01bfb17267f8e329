package io.cryptopipe.app;

import io.cryptopipe.core.config.CoinCapSource;
import io.cryptopipe.core.config.ResolvedConfig;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code config}: prints the effective configuration, each value's origin, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration and where each value comes from (secrets masked).")
final class ConfigCommand extends ConfiguredCommand {
    ConfigCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() {
        ResolvedConfig config = resolveConfig();
        PrintStream out = context.out();
        List<ResolvedConfig.Row> rows = config.describe();
        int keyWidth = rows.stream().mapToInt(r -> r.key().length()).max().orElse(10);
        int valueWidth = Math.min(60, rows.stream().mapToInt(r -> r.value().length()).max().orElse(10));
        for (ResolvedConfig.Row row : rows) {
            out.println(String.format("%-" + keyWidth + "s  %-" + valueWidth + "s  %s",
                    row.key(), row.value(), row.origin()).stripTrailing());
        }
        CoinCapSource source = config.coinCapSource();
        out.println();
        out.println("source: " + source.describe() + (source.simulator() ? " (no key, no --coincap-url)" : ""));
        return ExitCodes.OK;
    }
}
