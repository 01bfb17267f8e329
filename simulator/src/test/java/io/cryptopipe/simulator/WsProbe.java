package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A prices-socket client on the JDK's {@link WebSocket}: collects text messages, pongs, and how the connection
 * ended (a close code, or an error for a connection that died without one).
 */
final class WsProbe implements WebSocket.Listener {
    static final Duration WAIT = Duration.ofSeconds(10);

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Ended> ended = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    /** How the connection ended: a close frame's code, or the error of a connection lost without one. */
    record Ended(Integer closeCode, Throwable error) {
    }

    /** Opens {@code base + pathAndQuery}, e.g. {@code /prices?assets=bitcoin}. */
    static WsProbe connect(URI base, String pathAndQuery) throws Exception {
        WsProbe probe = new WsProbe();
        probe.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create(base + pathAndQuery), probe).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return probe;
    }

    /** The next whole text message; fails the test if none comes within {@link #WAIT}. */
    String next() throws InterruptedException {
        String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text).as("a text message within %s", WAIT).isNotNull();
        return text;
    }

    List<String> next(int count) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    Ended awaitEnd() throws Exception {
        return ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(StandardCharsets.UTF_8.decode(message).toString());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete(new Ended(statusCode, null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete(new Ended(null, error));
    }
}
