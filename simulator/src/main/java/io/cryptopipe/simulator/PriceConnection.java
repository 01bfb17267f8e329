package io.cryptopipe.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prices-socket connection: the upgrade handshake, then a pump thread sending a price frame every interval
 * while this thread reads the client's frames (answering ping with pong and close with close). The ws-* faults of
 * the plan act here: refuse with v3's {@code Unauthorized} frame, cut the TCP connection without a close frame
 * after a while, or fall silent after a while while keeping the connection open. Silence is total: no prices,
 * pongs or close answers, like a stalled upstream; only the client's own timeout or close ends it.
 */
final class PriceConnection implements Runnable {
    /** The frame CoinCap v3 sends when the key's plan lacks socket access, before closing. */
    static final String UNAUTHORIZED = "Unauthorized: your plan does not include WebSocket access";
    static final Set<String> PATHS = Set.of("/prices", "/v2/prices", "/v3/prices");
    private static final Logger LOG = LoggerFactory.getLogger(PriceConnection.class);
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    /** How long to wait for the client's close answer before dropping the connection. */
    private static final int CLOSE_WAIT_MS = 2_000;
    /** Clients send nothing but control frames here; anything bigger is a protocol error. */
    private static final int MAX_CLIENT_PAYLOAD = 65_536;
    /** Frames are buffered whole when they fit, so a frame's bytes leave together on the flush. */
    private static final int FRAME_BUFFER_BYTES = 65_536;

    private final Socket socket;
    private final long request;
    private final SplittableRandom random;
    private final PriceSocket.Context context;
    private final Consumer<PriceConnection> onClose;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<Future<?>> timers = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    /** Set by the handshake before the pump starts; volatile for {@link #shutdown} from another thread. */
    private volatile OutputStream out;
    private volatile String path;
    /** True once the 101 answer went out: from then on, only frames are written. */
    private volatile boolean upgraded;

    /**
     * @param request the request number of the handshake, written to the served log with every frame's items
     * @param random  this connection's own stream for choosing each frame's subset; used by the pump thread only
     * @param onClose run once when the connection has ended
     */
    PriceConnection(Socket socket, long request, SplittableRandom random, PriceSocket.Context context,
            Consumer<PriceConnection> onClose) {
        this.socket = socket;
        this.request = request;
        this.random = random;
        this.context = context;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream(), FRAME_BUFFER_BYTES);
            List<Integer> subscription = handshake(in);
            if (subscription != null) {
                serve(in, subscription);
            }
        } catch (IOException e) {
            LOG.debug("prices socket connection {} ended: {}", request, e.toString());
        } finally {
            finish();
        }
    }

    /** Stops the connection for a shutting-down simulator: a going-away close frame if it can be sent at once. */
    void shutdown() {
        try {
            if (upgraded && !silent && writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                try {
                    out.write(WsCodec.close(WsCodec.GOING_AWAY, "simulator stopping"));
                    out.flush();
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            LOG.debug("no going-away frame for connection {}: {}", request, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSocket(false);
    }

    /** Reads and answers the upgrade request; the subscription when it succeeded, null when it was refused. */
    private List<Integer> handshake(InputStream in) throws IOException {
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        WsHandshake.Request head;
        try {
            head = WsHandshake.read(in);
        } catch (ProtocolException e) {
            write(WsHandshake.refusal(400, "Bad Request", e.getMessage(), null));
            return null;
        }
        byte[] refusal = refusal(head);
        if (refusal != null) {
            write(refusal);
            return null;
        }
        path = head.path();
        write(WsHandshake.switching(head.header("Sec-WebSocket-Key")));
        upgraded = true;
        socket.setSoTimeout(0);
        return context.feed().subscribe(new Query(head.rawQuery()).get("assets").orElseThrow());
    }

    /** The answer refusing a request that cannot open the prices socket; null when it can. */
    private static byte[] refusal(WsHandshake.Request head) {
        if (!head.isUpgrade()) {
            return WsHandshake.refusal(400, "Bad Request", "expected a WebSocket upgrade: GET with Upgrade: "
                    + "websocket, Connection: Upgrade and a Sec-WebSocket-Key", null);
        }
        if (!"13".equals(head.header("Sec-WebSocket-Version").trim())) {
            return WsHandshake.refusal(426, "Upgrade Required", "WebSocket version 13 only",
                    "Sec-WebSocket-Version: 13");
        }
        if (!PATHS.contains(head.path())) {
            return WsHandshake.refusal(404, "Not Found", "no socket at " + head.path()
                    + "; use /prices?assets=<ids>|ALL", null);
        }
        if (new Query(head.rawQuery()).get("assets").isEmpty()) {
            return WsHandshake.refusal(400, "Bad Request", "missing assets; use /prices?assets=<ids>|ALL", null);
        }
        return null;
    }

    private void serve(InputStream in, List<Integer> subscription) throws IOException {
        if (context.faults().wsUnauthorized()) {
            send(WsCodec.text(UNAUTHORIZED));
            send(WsCodec.close(WsCodec.POLICY_VIOLATION, "Unauthorized"));
            awaitClientClose(in);
            return;
        }
        scheduleFaults();
        try {
            context.threads().execute(() -> pump(subscription));
        } catch (RejectedExecutionException e) {
            return;
        }
        readLoop(in);
    }

    private void scheduleFaults() {
        FaultPlan plan = context.faults();
        if (plan.wsDrop() != null) {
            timers.add(context.timers().schedule(() -> closeSocket(true), plan.wsDrop().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        if (plan.wsSilence() != null) {
            timers.add(context.timers().schedule(() -> silent = true, plan.wsSilence().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    /** Sends a frame at once, then one every interval, until the connection ends. */
    private void pump(List<Integer> subscription) {
        Duration interval = context.priceInterval();
        try {
            do {
                sendPrices(subscription);
            } while (!closed.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            LOG.debug("prices socket connection {} cannot be written: {}", request, e.toString());
            closeSocket(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeSocket(false);
        }
    }

    private void sendPrices(List<Integer> subscription) throws IOException {
        PriceFeed.Frame frame = context.feed().next(subscription, random);
        if (frame.prices().isEmpty()) {
            return;
        }
        List<ServedItem> items = frame.prices().keySet().stream().map(id -> new ServedItem(id, false)).toList();
        send(WsCodec.encode(WsCodec.TEXT, JsonBody.json(frame.prices())),
                () -> context.servedLog().record(frame.at(), request, path, ItemKind.PRICE, items));
    }

    /** Answers ping and close until the client closes, the stream ends or the client breaks the protocol. */
    private void readLoop(InputStream in) throws IOException {
        while (true) {
            WsCodec.Frame frame;
            try {
                frame = WsCodec.read(in, MAX_CLIENT_PAYLOAD);
            } catch (ProtocolException e) {
                send(WsCodec.close(WsCodec.PROTOCOL_ERROR, e.getMessage()));
                return;
            }
            if (frame.opcode() == WsCodec.PING) {
                send(WsCodec.encode(WsCodec.PONG, frame.payload()));
            } else if (frame.opcode() == WsCodec.CLOSE) {
                LOG.debug("client closed connection {} with {}", request, WsCodec.closeCode(frame.payload()));
                send(WsCodec.encode(WsCodec.CLOSE, Arrays.copyOf(frame.payload(),
                        Math.min(2, frame.payload().length))));
                return;
            }
        }
    }

    /** Reads until the client's close frame, for a bounded time, so our close is not cut by a reset. */
    private void awaitClientClose(InputStream in) {
        try {
            socket.setSoTimeout(CLOSE_WAIT_MS);
            while (WsCodec.read(in, MAX_CLIENT_PAYLOAD).opcode() != WsCodec.CLOSE) {
                // skip whatever the client still sends
            }
        } catch (IOException e) {
            LOG.debug("no close answer on connection {}: {}", request, e.toString());
        }
    }

    /** Writes a frame unless the connection has fallen silent. */
    private void send(byte[] frame) throws IOException {
        send(frame, () -> { });
    }

    /**
     * Writes a frame unless the connection has fallen silent; {@code delivering} runs just before the write (a
     * frame larger than the buffer goes to the socket during the write), so a client holding the frame finds it in
     * the served log.
     */
    private void send(byte[] frame, Runnable delivering) throws IOException {
        writeLock.lock();
        try {
            if (silent) {
                return;
            }
            delivering.run();
            out.write(frame);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void finish() {
        closed.countDown();
        timers.forEach(t -> t.cancel(false));
        closeSocket(false);
        onClose.accept(this);
    }

    /**
     * Closes the TCP connection; {@code abrupt} resets it (SO_LINGER 0), so the client sees the connection die
     * without a close frame, as when a network path or a proxy fails.
     */
    private void closeSocket(boolean abrupt) {
        closed.countDown();
        try {
            if (abrupt) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing connection {}: {}", request, e.toString());
        }
    }
}
