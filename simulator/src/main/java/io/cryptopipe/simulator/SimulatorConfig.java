package io.cryptopipe.simulator;

/**
 * How to build and serve a simulated market.
 *
 * @param bind      address to bind (127.0.0.1 unless configured)
 * @param port      port, 0 for any free port
 * @param assets    number of assets (the first twenty are real names)
 * @param exchanges number of exchanges
 * @param markets   number of exchange/base/quote markets
 * @param seed      the same seed and clock serve the same market
 * @param speed     simulated seconds per real second
 */
public record SimulatorConfig(String bind, int port, int assets, int exchanges, int markets, long seed,
        double speed) {
}
