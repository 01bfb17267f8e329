package io.cryptopipe.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoinCap's prices WebSocket ({@code /prices?assets=<ids>|ALL}, also under {@code /v2} and {@code /v3}), served by a
 * small RFC 6455 server on its own port, since the JDK's HTTP server cannot hand over a connection. An accept
 * thread admits at most {@link #MAX_CONNECTIONS} connections (more are refused with 503); each takes two daemon
 * threads (reader and pump) from a pool of twice that size, and one timer thread runs the ws-drop and ws-silence
 * faults.
 */
final class PriceSocket implements Closeable {
    static final int MAX_CONNECTIONS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(PriceSocket.class);
    /** Separates the frames' random stream from the market's and the REST faults', all seeded alike. */
    private static final long STREAM_SALT = 0xBB67AE8584CAA73BL;

    private final ServerSocket server;
    private final Context context;
    private final AtomicLong requests;
    private final SplittableRandom random;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<PriceConnection> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /**
     * What every connection shares.
     *
     * @param feed          the prices
     * @param faults        the plan whose ws-* faults apply
     * @param servedLog     where delivered frame items are logged
     * @param priceInterval real time between two frames of a connection
     * @param threads       the bounded pool connections run on
     * @param timers        runs the ws-drop and ws-silence faults
     */
    record Context(PriceFeed feed, FaultPlan faults, ServedLog servedLog, Duration priceInterval,
            ExecutorService threads, ScheduledExecutorService timers) {
    }

    /**
     * @param server   a bound server socket, owned from now on
     * @param requests the simulator's request counter: each handshake takes a number
     * @param seed     seeds the per-connection random streams
     */
    PriceSocket(ServerSocket server, Context context, AtomicLong requests, long seed) {
        this.server = server;
        this.context = context;
        this.requests = requests;
        this.random = new SplittableRandom(Noise.mix(seed ^ STREAM_SALT));
        this.acceptor = new Thread(this::acceptLoop, "simulator-ws-accept");
        acceptor.setDaemon(true);
    }

    /** Binds {@code bind} on a free port and starts accepting; closing it stops everything it started. */
    static PriceSocket start(String bind, PriceFeed feed, FaultPlan faults, ServedLog servedLog,
            Duration priceInterval, AtomicLong requests, long seed) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(bind), 0), 50);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // Two threads per admitted connection; the slots semaphore bounds the work, so a queued task only ever
        // waits for a thread that is just finishing its connection. Idle threads die after 30 s.
        ThreadPoolExecutor threads = new ThreadPoolExecutor(2 * MAX_CONNECTIONS, 2 * MAX_CONNECTIONS, 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("simulator-ws-"));
        threads.allowCoreThreadTimeOut(true);
        Context context = new Context(feed, faults, servedLog, priceInterval, threads,
                new ScheduledThreadPoolExecutor(1, daemons("simulator-ws-timer-")));
        PriceSocket socket = new PriceSocket(server, context, requests, seed);
        socket.acceptor.start();
        return socket;
    }

    /** {@code ws://host:port}; append {@code /prices?assets=...}. */
    URI url() {
        InetAddress address = server.getInetAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return URI.create("ws://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
        live.forEach(PriceConnection::shutdown);
        context.threads().shutdownNow();
        context.timers().shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                admit(server.accept());
            } catch (SocketException e) {
                LOG.debug("prices socket stopped accepting: {}", e.toString());
            } catch (IOException e) {
                LOG.warn("prices socket accept failed: {}", e.toString());
            }
        }
    }

    private void admit(Socket socket) throws IOException {
        long request = requests.incrementAndGet();
        if (!slots.tryAcquire()) {
            refuseBusy(socket);
            return;
        }
        PriceConnection connection = new PriceConnection(socket, request, random.split(), context, this::release);
        live.add(connection);
        try {
            context.threads().execute(connection);
        } catch (RuntimeException e) {
            release(connection);
            socket.close();
        }
    }

    /** Called once per admitted connection when it has ended. */
    private void release(PriceConnection connection) {
        if (live.remove(connection)) {
            slots.release();
        }
    }

    private static void refuseBusy(Socket socket) throws IOException {
        try (socket; OutputStream out = socket.getOutputStream()) {
            out.write(WsHandshake.refusal(503, "Service Unavailable", "too many socket connections (at most "
                    + MAX_CONNECTIONS + ")", null));
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
