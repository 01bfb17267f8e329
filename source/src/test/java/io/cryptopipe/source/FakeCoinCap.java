package io.cryptopipe.source;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for CoinCap answers the simulator does not give (refused keys, odd statuses): one fixed status and
 * body for every request, recording what was asked. Only for what the real service would answer; the market itself
 * comes from the simulator.
 */
final class FakeCoinCap implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** What the client sent. */
    record Request(URI uri, String authorization) {
    }

    FakeCoinCap(int status, String body) throws IOException {
        this(status, body.getBytes(StandardCharsets.UTF_8), null, false);
    }

    /**
     * @param contentEncoding a Content-Encoding header to send (null for none), whatever the body really is
     * @param stall           send the headers and part of the body, then stop answering (a stalled transfer)
     */
    FakeCoinCap(int status, byte[] body, String contentEncoding, boolean stall) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-coincap");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestURI(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (contentEncoding != null) {
                exchange.getResponseHeaders().set("Content-Encoding", contentEncoding);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (stall) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    sleepQuietly();
                }
                out.write(body);
            }
        });
        server.start();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI base(String version) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + version);
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
