package io.cryptopipe.source;

import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.PriceTick;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.PriceFrame;
import io.cryptopipe.core.parse.Rejection;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows CoinCap's prices socket: frames are partial maps of asset id to price, turned into ticks stamped with the
 * receive time. It reconnects with backoff after a drop or error, and after {@code watchdog} without a frame. The
 * v3 {@code Unauthorized...} frame (a plan without socket access) stops the socket for good and switches to REST
 * price polling, said once; so does a missing socket URL. Nothing here ever stops the pipeline.
 */
public final class PriceSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PriceSocket.class);

    /** Where the socket stands. */
    public enum State {
        NEW,
        CONNECTING,
        OPEN,
        BACKOFF,
        FALLBACK,
        CLOSED
    }

    private final PriceSocketSettings settings;
    private final HttpClient http;
    private final CoinCapClient rest;
    private final CoinCapParser parser;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Consumer<PriceTick> ticks;
    private final Consumer<Rejection> rejections;
    private final Random random = new Random();
    private final Counters counters = new Counters();

    private State state = State.NEW;
    private WebSocket current;
    private long lastFrameMillis;
    private int failedAttempts;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> fallback;

    /**
     * @param rest       the client for REST price polling in fallback
     * @param scheduler  runs connects, the watchdog and fallback polls; owned by the caller
     * @param ticks      receives every tick, on a socket or scheduler thread
     * @param rejections receives entries of frames the parser refused
     */
    public PriceSocket(PriceSocketSettings settings, HttpClient http, CoinCapClient rest, Clock clock,
            ScheduledExecutorService scheduler, Consumer<PriceTick> ticks, Consumer<Rejection> rejections) {
        this.settings = settings;
        this.http = http;
        this.rest = rest;
        this.parser = new CoinCapParser(rest.settings().shape());
        this.clock = clock;
        this.scheduler = scheduler;
        this.ticks = ticks;
        this.rejections = rejections;
    }

    /** Connects, or starts REST polling at once when there is no socket URL. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("already started: " + state);
        }
        if (settings.wsBase().isEmpty()) {
            switchToRest("no prices socket URL is known for " + rest.settings().base()
                    + " (set --coincap-ws-url to use one)");
            return;
        }
        long period = Math.max(100, settings.watchdog().toMillis() / 4);
        watchdog = scheduler.scheduleAtFixedRate(this::checkWatchdog, period, period, TimeUnit.MILLISECONDS);
        connect();
    }

    public synchronized State state() {
        return state;
    }

    public Counters counters() {
        return counters;
    }

    @Override
    public synchronized void close() {
        state = State.CLOSED;
        cancel(watchdog);
        cancel(fallback);
        if (current != null) {
            current.abort();
            current = null;
        }
    }

    private synchronized void connect() {
        if (state == State.CLOSED || state == State.FALLBACK) {
            return;
        }
        state = State.CONNECTING;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (settings.apiKey().isPresent() && !settings.keyInQuery()) {
            builder.header("Authorization", "Bearer " + settings.apiKey().get());
        }
        // The socket becomes current in Listener.onOpen, before any frame can arrive; here only failures matter.
        builder.buildAsync(settings.uri(), new Listener()).whenComplete((ws, error) -> {
            if (error != null) {
                reconnectLater(null, "connect failed: " + error.getMessage());
            }
        });
    }

    private synchronized void opened(WebSocket ws) {
        if (state != State.CONNECTING) {
            ws.abort();
            return;
        }
        current = ws;
        state = State.OPEN;
        lastFrameMillis = clock.millis();
        counters.connects.incrementAndGet();
        LOG.debug("prices socket open: {}", masked());
    }

    private void onFrame(WebSocket ws, String text) {
        Instant received = clock.instant();
        synchronized (this) {
            if (ws != current) {
                return;
            }
            lastFrameMillis = received.toEpochMilli();
            failedAttempts = 0;
        }
        counters.frames.incrementAndGet();
        PriceFrame frame = parser.parsePriceFrame(text, received);
        if (frame instanceof PriceFrame.Ticks t) {
            t.ticks().forEach(this::emit);
            t.rejections().forEach(this::reject);
        } else if (frame instanceof PriceFrame.Unauthorized u) {
            switchToRest("the prices socket answered '" + u.text().strip() + "' (the plan lacks socket access)");
        } else if (frame instanceof PriceFrame.Malformed m) {
            counters.malformedFrames.incrementAndGet();
            LOG.debug("malformed price frame ({}): {}", m.reason(), m.raw());
        }
    }

    private synchronized void reconnectLater(WebSocket ws, String reason) {
        if (state == State.CLOSED || state == State.FALLBACK || state == State.BACKOFF
                || (ws != null && ws != current)) {
            return;
        }
        if (current != null) {
            current.abort();
            current = null;
        }
        state = State.BACKOFF;
        failedAttempts++;
        counters.reconnects.incrementAndGet();
        Duration wait = settings.reconnect().backoff(Math.min(failedAttempts + 1, 20), random);
        LOG.info("prices socket {}; reconnecting in {} ms", reason, wait.toMillis());
        scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkWatchdog() {
        WebSocket silent;
        synchronized (this) {
            if (state != State.OPEN || clock.millis() - lastFrameMillis < settings.watchdog().toMillis()) {
                return;
            }
            silent = current;
        }
        counters.watchdogTrips.incrementAndGet();
        reconnectLater(silent, "sent no frame for " + settings.watchdog().toSeconds() + " s (watchdog)");
    }

    /**
     * In fallback, turns an assets poll the owner made anyway into ticks, so prices cost no extra request; outside
     * fallback it does nothing (the socket is the price source then).
     */
    public void offerRestPoll(Poll<Asset> poll) {
        if (state() == State.FALLBACK && !poll.pages().isEmpty()) {
            emitPoll(poll);
        }
    }

    /** Stops the socket for good and takes prices from REST polls instead; said once. */
    private synchronized void switchToRest(String reason) {
        if (state == State.FALLBACK || state == State.CLOSED) {
            return;
        }
        state = State.FALLBACK;
        cancel(watchdog);
        if (current != null) {
            current.abort();
            current = null;
        }
        if (settings.fallbackPolling().isEmpty()) {
            LOG.warn("{}; prices now come from the assets polls", reason);
            return;
        }
        Duration every = settings.fallbackPolling().get();
        LOG.warn("{}; reading prices by REST every {} s instead", reason, every.toSeconds());
        fallback = scheduler.scheduleWithFixedDelay(this::pollPrices, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollPrices() {
        try {
            emitPoll(rest.poll(Endpoints.assets(null, settings.assets())));
        } catch (CoinCapException e) {
            counters.restFailures.incrementAndGet();
            LOG.warn("REST price poll failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            counters.restFailures.incrementAndGet();
            LOG.error("REST price poll failed unexpectedly", e);
        }
    }

    /** Ticks of the polled prices, stamped with the first page's receive time. */
    private void emitPoll(Poll<Asset> poll) {
        Instant received = poll.pages().get(0).fetchedAt();
        counters.restPolls.incrementAndGet();
        for (Asset asset : poll.values()) {
            emit(new PriceTick(asset.id(), received, asset.priceUsd()));
        }
        poll.rejections().forEach(this::reject);
    }

    private void emit(PriceTick tick) {
        counters.ticks.incrementAndGet();
        ticks.accept(tick);
    }

    private void reject(Rejection rejection) {
        counters.rejections.incrementAndGet();
        rejections.accept(rejection);
    }

    private String masked() {
        return CoinCapClient.masked(settings.uri());
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    /** Receives socket events; text may arrive in parts. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            opened(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onFrame(ws, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            reconnectLater(ws, "closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            reconnectLater(ws, "failed: " + error);
        }
    }

    /** What the socket did, for tests, logs and metrics. */
    public static final class Counters {
        final AtomicLong connects = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong ticks = new AtomicLong();
        final AtomicLong rejections = new AtomicLong();
        final AtomicLong malformedFrames = new AtomicLong();
        final AtomicLong reconnects = new AtomicLong();
        final AtomicLong watchdogTrips = new AtomicLong();
        final AtomicLong restPolls = new AtomicLong();
        final AtomicLong restFailures = new AtomicLong();

        public long connects() {
            return connects.get();
        }

        public long frames() {
            return frames.get();
        }

        public long ticks() {
            return ticks.get();
        }

        public long rejections() {
            return rejections.get();
        }

        public long malformedFrames() {
            return malformedFrames.get();
        }

        public long reconnects() {
            return reconnects.get();
        }

        public long watchdogTrips() {
            return watchdogTrips.get();
        }

        public long restPolls() {
            return restPolls.get();
        }

        public long restFailures() {
            return restFailures.get();
        }
    }
}
