package io.cryptopipe.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CoinCap-compatible REST server for a seeded, simulated market, serving {@code /v2/...} and {@code /v3/...}.
 * The default source when no API key is configured, and the load generator for benchmarks.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final int GZIP_ABOVE = 1_024;

    private final SimulatorConfig config;
    private final Universe universe;
    private final Api api;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();

    private Simulator(SimulatorConfig config, Clock clock) throws IOException {
        this.config = config;
        this.universe = new Universe(config.seed(), config.assets(), config.exchanges(), config.markets());
        this.api = new Api(new MarketState(universe, config.seed()), new SimClock(clock, config.speed()));
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "simulator-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /**
     * Builds the market and starts serving.
     *
     * @throws IllegalArgumentException when the sizes cannot make a market (more markets than distinct pairs)
     * @throws IOException when the address cannot be bound
     */
    public static Simulator start(SimulatorConfig config, Clock clock) throws IOException {
        Simulator simulator = new Simulator(config, clock);
        simulator.server.start();
        LOG.info("CoinCap simulator serving {} on {}", simulator.describe(), simulator.baseUrl());
        return simulator;
    }

    /** {@code http://host:port}; append {@code /v2} or {@code /v3}. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.get();
    }

    /** What is served, e.g. {@code 2000 assets, 100 exchanges, 10000 markets, 35 rates (seed 42, speed 1x)}. */
    public String describe() {
        return universe.assets.size() + " assets, " + universe.exchanges.size() + " exchanges, "
                + universe.markets.size() + " markets, " + universe.rates.size() + " rates (seed " + config.seed()
                + ", speed " + config.speed() + "x)";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            Api.Response response = api.handle(exchange.getRequestMethod(),
                    segments(exchange.getRequestURI().getRawPath()), new Query(exchange.getRequestURI().getRawQuery()));
            byte[] body = response.body();
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
            String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (accept != null && accept.contains("gzip") && body.length > GZIP_ABOVE) {
                body = gzip(body);
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            LOG.error("simulator failed on {}", exchange.getRequestURI(), e);
            throw e;
        }
    }

    /** Decoded path segments, so ids with parentheses or accents arrive as sent before encoding. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                segments.add(Query.decode(part.replace("+", "%2B")));
            }
        }
        return segments;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }
}
