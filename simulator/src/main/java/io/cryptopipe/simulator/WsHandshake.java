package io.cryptopipe.simulator;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 side of opening a WebSocket (RFC 6455 section 4): reading the client's request head, deciding
 * whether it is a valid upgrade, and the 101 or refusal answers.
 */
final class WsHandshake {
    /** A request head larger than this is refused; CoinCap's URLs are far shorter. */
    static final int MAX_HEAD_BYTES = 16_384;

    private WsHandshake() {
    }

    /**
     * A request head.
     *
     * @param method  e.g. {@code GET}
     * @param target  the request target, e.g. {@code /prices?assets=bitcoin}
     * @param headers header values by lower-case name (the first of repeated names wins)
     */
    record Request(String method, String target, Map<String, String> headers) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        /** A GET asking to upgrade to a WebSocket with a key, as RFC 6455 section 4.2.1 requires. */
        boolean isUpgrade() {
            return "GET".equals(method) && "websocket".equalsIgnoreCase(header("Upgrade").trim())
                    && hasToken(header("Connection"), "upgrade") && !header("Sec-WebSocket-Key").isBlank();
        }

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String rawQuery() {
            int q = target.indexOf('?');
            return q < 0 ? null : target.substring(q + 1);
        }
    }

    /**
     * Reads a request head up to its blank line, leaving anything after it in the stream.
     *
     * @throws ProtocolException when the head is too large or its request line is not HTTP/1.1-like
     * @throws EOFException when the stream ends first
     */
    static Request read(InputStream in) throws IOException {
        String[] lines = new String(head(in), StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
            throw new ProtocolException("not an HTTP request line: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return new Request(requestLine[0], requestLine[1], headers);
    }

    /** The 101 answer that completes the handshake. */
    static byte[] switching(String clientKey) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WsCodec.acceptKey(clientKey) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A plain HTTP refusal that closes the connection, e.g. {@code 400 Bad Request} with a one-line reason. */
    static byte[] refusal(int status, String reasonPhrase, String message, String extraHeader) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reasonPhrase + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length + "\r\n"
                + "Connection: close\r\n" + (extraHeader == null ? "" : extraHeader + "\r\n") + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] answer = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        return answer;
    }

    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new ProtocolException("request head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] bytes = head.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    private static boolean hasToken(String headerValue, String token) {
        for (String part : headerValue.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
