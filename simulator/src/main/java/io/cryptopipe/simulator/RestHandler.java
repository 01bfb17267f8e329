package io.cryptopipe.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the REST API: numbers each request, asks {@link Faults} for its fate (only under /v2 and /v3),
 * routes it through {@link Api}, applies item faults to the rows before they are written, sends the bytes
 * (gzipped when the client asks and the body is large) and logs the items of every unfaulted 200 just before its
 * body is written.
 */
final class RestHandler implements HttpHandler {
    /** v2's end-of-life notice, as captured from api.coincap.io in April 2025. */
    static final String DEPRECATION = "We are deprecating this version of the CoinCap API on March 31, 2025. "
            + "Sign up for our new V3 API at https://pro.coincap.io/dashboard";
    /** What Cloudflare sends when the origin behind it fails: HTML, not JSON. */
    static final String BAD_GATEWAY_PAGE = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    /** A success that is not JSON: a challenge page served with 200, as proxies do. */
    static final String CHALLENGE_PAGE = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
            + "</head><body><h1>Checking your browser before accessing rest.coincap.io.</h1></body></html>";
    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
    private static final int GZIP_ABOVE = 1_024;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";

    private final Api api;
    private final Faults faults;
    private final ServedLog servedLog;
    private final SimClock clock;
    private final AtomicLong requests;

    /**
     * @param requests the simulator's request counter, shared with the prices socket so numbers are unique
     */
    RestHandler(Api api, Faults faults, ServedLog servedLog, SimClock clock, AtomicLong requests) {
        this.api = api;
        this.faults = faults;
        this.servedLog = servedLog;
        this.clock = clock;
        this.requests = requests;
    }

    /**
     * A reply ready to send.
     *
     * @param contentType null for an empty body
     * @param kind        what the items are; null when nothing is delivered
     * @param items       the items this reply delivers if it is written in full
     * @param timestamp   the answer's timestamp, for the served log
     */
    private record Reply(int status, String contentType, byte[] body, ItemKind kind, List<ServedItem> items,
            long timestamp) {
        static Reply of(int status, String contentType, byte[] body) {
            return new Reply(status, contentType, body, null, List.of(), 0);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long request = requests.incrementAndGet();
            List<String> segments = segments(exchange.getRequestURI().getRawPath());
            Version version = segments.isEmpty() ? null : Version.of(segments.get(0));
            RestFault fault = version == null ? RestFault.NONE : faults.decide(version);
            stall(fault.delay());
            Reply reply = reply(exchange, segments, fault.kind());
            if (fault.kind() == RestFault.Kind.TRUNCATE) {
                sendTruncated(exchange, reply);
            }
            send(exchange, reply, () -> servedLog.record(reply.timestamp(), request,
                    exchange.getRequestURI().getRawPath(), reply.kind(), reply.items()));
        } catch (RuntimeException e) {
            LOG.error("simulator failed on {}", exchange.getRequestURI(), e);
            throw e;
        }
    }

    private Reply reply(HttpExchange exchange, List<String> segments, RestFault.Kind fault) {
        return switch (fault) {
            case TOO_MANY_REQUESTS -> Reply.of(429, JSON, JsonBody.error("Too many requests", clock.millis()));
            case SERVER_ERROR -> Reply.of(500, JSON, JsonBody.error("Internal server error", clock.millis()));
            case BAD_GATEWAY -> Reply.of(502, HTML, BAD_GATEWAY_PAGE.getBytes(StandardCharsets.UTF_8));
            case UNAVAILABLE -> Reply.of(503, null, new byte[0]);
            case DEPRECATED -> Reply.of(200, JSON, JsonBody.envelope(Map.of("message", DEPRECATION), clock.millis()));
            default -> apiReply(exchange, segments, fault);
        };
    }

    /** The API's answer; a 200 gets its item faults, or is replaced when the fault makes it malformed. */
    private Reply apiReply(HttpExchange exchange, List<String> segments, RestFault.Kind fault) {
        Api.Response response = api.handle(exchange.getRequestMethod(), segments,
                new Query(exchange.getRequestURI().getRawQuery()));
        if (response.status() != 200) {
            return Reply.of(response.status(), JSON, response.body());
        }
        List<ServedItem> items = faults.shape(response.kind(), response.items());
        byte[] body = response.body();
        return switch (fault) {
            case MALFORMED_HTML -> Reply.of(200, HTML, CHALLENGE_PAGE.getBytes(StandardCharsets.UTF_8));
            case MALFORMED_CUT -> Reply.of(200, JSON, Arrays.copyOf(body, body.length / 2));
            default -> new Reply(200, JSON, body, response.kind(), items, response.timestamp());
        };
    }

    /**
     * Sends a reply. {@code delivering} runs after the headers and before the body: the JDK server hands body bytes
     * to the socket as they are written, so a client can hold the whole answer before the handler's next statement.
     * Logging first guarantees a client that has read an answer finds its items logged; the price is that an answer
     * whose body write then fails (the client went away) is logged all the same.
     */
    private void send(HttpExchange exchange, Reply reply, Runnable delivering) throws IOException {
        byte[] body = encode(exchange, reply);
        if (body.length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        delivering.run();
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Announces the full length, writes half the body and fails the exchange on purpose: the HTTP server then
     * drops the connection, so the client reads a body shorter than its Content-Length.
     */
    private void sendTruncated(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = encode(exchange, reply);
        exchange.sendResponseHeaders(reply.status(), body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new IOException("fault injected: response truncated after " + body.length / 2 + " of "
                + body.length + " bytes");
    }

    /** Sets the headers and gzips a large body when the client accepts it. */
    private static byte[] encode(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accept != null && accept.contains("gzip") && reply.body().length > GZIP_ABOVE) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            return gzip(reply.body());
        }
        return reply.body();
    }

    private static void stall(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stalling", e);
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
