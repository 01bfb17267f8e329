package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.simulator.Simulator;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code simulate}: serves the CoinCap-compatible simulator alone, for other clients and benchmarks. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Serve a seeded, simulated CoinCap REST API under /v2 and /v3, and its prices socket.",
                "Stops after --duration, or on Ctrl-C (exit 130)."})
final class SimulateCommand extends ConfiguredCommand {
    SimulateCommand(Cli.Context context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        ResolvedConfig config = resolveConfig();
        PrintStream out = context.out();
        try (Lifecycle lifecycle = new Lifecycle();
             Simulator simulator = startSimulator(config, config.get(ConfigKeys.SIM_BIND),
                     config.get(ConfigKeys.SIM_PORT))) {
            out.println("simulator: " + simulator.describe());
            out.println("serving " + simulator.baseUrl() + "/v2 and " + simulator.baseUrl() + "/v3"
                    + " (try " + simulator.baseUrl() + "/v3/assets?limit=5)");
            out.println("prices socket " + simulator.wsUrl() + "/prices?assets=<ids>|ALL (also under /v2 and /v3)");
            boolean elapsed = lifecycle.awaitStop(config.find(ConfigKeys.DURATION));
            out.println((elapsed ? "duration elapsed" : "stop requested") + "; served " + simulator.requests()
                    + " requests");
        }
        return ExitCodes.OK;
    }
}
