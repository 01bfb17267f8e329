package io.cryptopipe.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CoinCap-compatible server for a seeded, simulated market: REST under {@code /v2/...} and {@code /v3/...}, and
 * the prices WebSocket on a port of its own. Optionally injects faults ({@link FaultPlan}) and logs every item it
 * delivered ({@link SimulatorConfig#servedLog()}). The default source when no API key is configured, the load
 * generator for benchmarks, and the adversary of the client's resilience tests.
 */
public final class Simulator implements AutoCloseable {
    /** Real time between two frames of one prices-socket connection, about CoinCap's own pace. */
    public static final Duration DEFAULT_PRICE_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorConfig config;
    private final Universe universe;
    private final HttpServer server;
    private final ExecutorService executor;
    private final PriceSocket socket;
    private final ServedLog servedLog;
    private final AtomicLong requests;

    private Simulator(SimulatorConfig config, Universe universe, RestHandler rest, PriceSocket socket,
            ServedLog servedLog, AtomicLong requests) throws IOException {
        this.config = config;
        this.universe = universe;
        this.socket = socket;
        this.servedLog = servedLog;
        this.requests = requests;
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "simulator-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", rest);
    }

    /** Builds the market and starts serving, with price frames every {@link #DEFAULT_PRICE_INTERVAL}. */
    public static Simulator start(SimulatorConfig config, Clock clock) throws IOException {
        return start(config, clock, DEFAULT_PRICE_INTERVAL);
    }

    /**
     * Builds the market and starts serving.
     *
     * @param clock         the base of simulated time (every timestamp and price derives from it)
     * @param priceInterval real time between two frames of one socket connection (shorter in tests)
     * @throws IllegalArgumentException when the sizes cannot make a market (more markets than distinct pairs)
     * @throws IOException when an address cannot be bound or the served log cannot be opened
     */
    public static Simulator start(SimulatorConfig config, Clock clock, Duration priceInterval) throws IOException {
        if (priceInterval.isZero() || priceInterval.isNegative()) {
            throw new IllegalArgumentException("price interval must be positive, got " + priceInterval);
        }
        Universe universe = new Universe(config.seed(), config.assets(), config.exchanges(), config.markets());
        MarketState state = new MarketState(universe, config.seed());
        SimClock simClock = new SimClock(clock, config.speed());
        AtomicLong requests = new AtomicLong();
        ServedLog servedLog = ServedLog.open(config.servedLog());
        PriceSocket socket = null;
        try {
            socket = PriceSocket.start(config.bind(), new PriceFeed(state, simClock), config.faults(), servedLog,
                    priceInterval, requests, config.seed());
            RestHandler rest = new RestHandler(new Api(state, simClock), new Faults(config.faults(), config.seed()),
                    servedLog, simClock, requests);
            Simulator simulator = new Simulator(config, universe, rest, socket, servedLog, requests);
            simulator.server.start();
            LOG.info("CoinCap simulator serving {} on {} (prices socket {})", simulator.describe(),
                    simulator.baseUrl(), simulator.wsUrl());
            return simulator;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            closeQuietly(servedLog);
            throw e;
        }
    }

    /** {@code http://host:port}; append {@code /v2} or {@code /v3}. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    /** {@code ws://host:port} of the prices socket; append {@code /prices?assets=<ids>|ALL}. */
    public URI wsUrl() {
        return socket.url();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received so far: REST requests and socket handshakes (which share one numbering). */
    public long requests() {
        return requests.get();
    }

    /**
     * What is served, e.g. {@code 2000 assets, 100 exchanges, 10000 markets, 35 rates (seed 42, speed 1x)}, with
     * the fault spec appended when faults are injected.
     */
    public String describe() {
        String faults = config.faults().isNone() ? "" : ", faults " + config.faults().spec();
        return universe.assets.size() + " assets, " + universe.exchanges.size() + " exchanges, "
                + universe.markets.size() + " markets, " + universe.rates.size() + " rates (seed " + config.seed()
                + ", speed " + config.speed() + "x" + faults + ")";
    }

    /** Stops the REST server and the socket (open connections get a going-away frame), then closes the log. */
    @Override
    public void close() {
        server.stop(0);
        // Let running handlers finish their answer (and its log lines) before the log closes; stalled handlers
        // (the slow fault) are cut off after two seconds.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeQuietly(socket);
        closeQuietly(servedLog);
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
