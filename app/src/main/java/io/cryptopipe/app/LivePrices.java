package io.cryptopipe.app;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.PricePublisher;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.PriceSocket;
import io.cryptopipe.source.PriceSocketSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Live prices into {@code coincap.prices}: the prices socket for every asset, or, when the socket is refused or
 * absent, REST polls of all assets at the assets interval (which cost credits on a v3 key). Its own producer never
 * blocks the socket's thread for long: a send that cannot get metadata fails after 2 s and is counted.
 */
final class LivePrices implements AutoCloseable {
    private static final long MAX_BLOCK_MS = 2_000;

    private final ScheduledExecutorService scheduler;
    private final Producer<String, String> producer;
    private final PricePublisher publisher;
    private final PriceSocket socket;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param rest          the ingest client, so REST prices spend from the same credit budget
     * @param fallbackEvery how often REST prices are polled when the socket is refused
     */
    LivePrices(ResolvedConfig config, CoinCapClient rest, Optional<URI> ws, Broker broker, Clock clock,
            Duration fallbackEvery) {
        ClientSettings settings = rest.settings();
        Map<String, Object> producerConfig = new HashMap<>(PollPublisher.producerConfig(broker.bootstrap(),
                broker.clientSettings()));
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = new KafkaProducer<>(producerConfig);
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "live-prices");
            t.setDaemon(true);
            return t;
        });
        PriceSocket[] self = new PriceSocket[1];
        this.publisher = new PricePublisher(producer, ws.map(u -> ResolvedConfig.maskUrl(u.toString()))
                .orElse(ResolvedConfig.maskUrl(settings.base().toString())),
                () -> self[0] != null && self[0].state() == PriceSocket.State.FALLBACK ? "rest" : "socket");
        PriceSocketSettings socketSettings = PriceSocketSettings.from(settings, ws, List.of(),
                config.get(ConfigKeys.COINCAP_WS_WATCHDOG), Optional.of(fallbackEvery));
        this.socket = new PriceSocket(socketSettings, HttpClient.newHttpClient(), rest,
                clock, scheduler, publisher::tick, publisher::rejected);
        self[0] = socket;
    }

    void start() {
        socket.start();
    }

    /** For the progress line: ticks published and the socket's state. */
    String describe() {
        return publisher.published() + " ticks (" + socket.state().name().toLowerCase(Locale.ROOT) + ")"
                + (publisher.failed() > 0 ? ", " + publisher.failed() + " lost" : "");
    }

    /** What the metrics and the health page read: ticks published and lost, and the socket's state. */
    io.cryptopipe.app.metrics.PriceFeed feed() {
        return io.cryptopipe.app.metrics.PriceFeed.of(publisher, socket);
    }

    /** Stops the socket and flushes what was sent; idempotent, so a stop before draining and a later close agree. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } finally {
            scheduler.shutdownNow();
            producer.close(Duration.ofSeconds(10));
        }
    }
}
