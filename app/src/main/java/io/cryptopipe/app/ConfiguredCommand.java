package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigException;
import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ConfigProblem;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.BindException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** A command that reads the shared configuration: flags given here, then the environment, file and defaults. */
abstract class ConfiguredCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    final Cli.Context context;

    ConfiguredCommand(Cli.Context context) {
        this.context = context;
    }

    /** Resolves and validates the configuration; every problem at once as a {@link ConfigException}. */
    ResolvedConfig resolveConfig() {
        Map<String, String> flags = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            OptionSpec option = key.flag().map(spec::findOption).orElse(null);
            if (option != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                flags.put(key.name(), option.getValue());
            }
        }
        return ResolvedConfig.resolve(flags, context.env());
    }

    /**
     * Starts the simulator, turning a bad fault spec and impossible sizes into configuration errors and a busy port
     * into a failure.
     */
    Simulator startSimulator(ResolvedConfig config, String bind, int port) throws IOException {
        SimulatorConfig simulator = new SimulatorConfig(bind, port, config.get(ConfigKeys.SIM_ASSETS),
                config.get(ConfigKeys.SIM_EXCHANGES), config.get(ConfigKeys.SIM_MARKETS),
                config.get(ConfigKeys.SIM_SEED), config.get(ConfigKeys.SIM_SPEED), faultPlan(config),
                config.find(ConfigKeys.SIM_SERVED_LOG).orElse(null));
        try {
            return Simulator.start(simulator, context.clock());
        } catch (IllegalArgumentException e) {
            // The simulator's own check of sizes and address; its message names the flags involved.
            throw new ConfigException(List.of(new ConfigProblem("simulator settings", e.getMessage())));
        } catch (BindException e) {
            throw new IOException("cannot bind the simulator to " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The simulator's fault plan; unset or blank means none. A bad spec is a configuration error naming where it
     * came from and, when that was not the flag itself, the flag too, so the user can find it in the README.
     */
    private static FaultPlan faultPlan(ResolvedConfig config) {
        try {
            return FaultPlan.parse(config.find(ConfigKeys.SIM_FAULTS).orElse(""));
        } catch (IllegalArgumentException e) {
            String flag = ConfigKeys.SIM_FAULTS.flag().orElse("--faults");
            String where = config.origin(ConfigKeys.SIM_FAULTS).map(Object::toString).orElse(flag);
            throw new ConfigException(List.of(new ConfigProblem(where.equals(flag) ? where : where + " (" + flag + ")",
                    e.getMessage())));
        }
    }
}
