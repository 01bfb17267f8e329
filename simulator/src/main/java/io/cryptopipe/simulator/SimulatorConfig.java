package io.cryptopipe.simulator;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to build and serve a simulated market.
 *
 * @param bind      address to bind (127.0.0.1 unless configured); the REST server and the prices socket share it
 * @param port      REST port, 0 for any free port (the prices socket always takes a free port)
 * @param assets    number of assets (the first twenty are real names)
 * @param exchanges number of exchanges
 * @param markets   number of exchange/base/quote markets
 * @param seed      the same seed and clock serve the same market (and, with the same requests, the same faults)
 * @param speed     simulated seconds per real second
 * @param faults    the failures to inject; {@link FaultPlan#NONE} for a healthy API
 * @param servedLog where to append one JSON line per delivered item; null for no log
 */
public record SimulatorConfig(String bind, int port, int assets, int exchanges, int markets, long seed,
        double speed, FaultPlan faults, Path servedLog) {

    public SimulatorConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(faults, "faults (use FaultPlan.NONE)");
    }

    /** A healthy simulator without a served log. */
    public SimulatorConfig(String bind, int port, int assets, int exchanges, int markets, long seed, double speed) {
        this(bind, port, assets, exchanges, markets, seed, speed, FaultPlan.NONE, null);
    }

    /** This configuration with another fault plan. */
    public SimulatorConfig withFaults(FaultPlan plan) {
        return new SimulatorConfig(bind, port, assets, exchanges, markets, seed, speed, plan, servedLog);
    }

    /** This configuration logging delivered items to {@code path} (null: no log). */
    public SimulatorConfig withServedLog(Path path) {
        return new SimulatorConfig(bind, port, assets, exchanges, markets, seed, speed, faults, path);
    }
}
