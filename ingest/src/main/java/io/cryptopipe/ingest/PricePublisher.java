package io.cryptopipe.ingest;

import io.cryptopipe.core.model.PriceTick;
import io.cryptopipe.core.parse.Rejection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes live prices to {@code coincap.prices}, one record per tick keyed by asset id, so every tick of an asset
 * lands in one partition (its candles are then computed by one writer). The value carries the receive time
 * stamped at ingest, which is the tick's time from then on (frames carry none; a replay reuses it):
 * {@code {"schema":1,"source":..,"via":"socket"|"rest","received_at":..,"asset_id":..,"price":"<exact decimal>"}}.
 * Entries the parser refused are published too, with {@code "rejected":<reason>} and {@code "raw":<entry>}, so the
 * stream keeps them in {@code rejected_records}. Sends are asynchronous (no flush per tick); a failed send is
 * counted and said once per outage. Ticks are not archived: unlike polls they cannot be asked for again.
 */
public final class PricePublisher {
    public static final String TOPIC = "coincap.prices";
    private static final Logger LOG = LoggerFactory.getLogger(PricePublisher.class);

    private final Producer<String, String> producer;
    private final String source;
    private final Supplier<String> via;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param source the socket (or REST) base, credentials masked
     * @param via    {@code socket} or {@code rest}: where prices come from at the moment of a tick
     */
    public PricePublisher(Producer<String, String> producer, String source, Supplier<String> via) {
        this.producer = producer;
        this.source = source;
        this.via = via;
    }

    public void tick(PriceTick tick) {
        send(tick.assetId(), "{\"schema\":" + PollPublisher.SCHEMA + ",\"source\":" + Json.quote(source)
                + ",\"via\":" + Json.quote(via.get()) + ",\"received_at\":" + Json.quote(tick.ts())
                + ",\"asset_id\":" + Json.quote(tick.assetId()) + ",\"price\":"
                + Json.quote(tick.priceUsd().toPlainString()) + "}");
    }

    public void rejected(Rejection rejection) {
        send(null, "{\"schema\":" + PollPublisher.SCHEMA + ",\"source\":" + Json.quote(source) + ",\"via\":"
                + Json.quote(via.get()) + ",\"rejected\":" + Json.quote(rejection.reason()) + ",\"raw\":"
                + Json.quote(rejection.rawItem()) + "}");
    }

    /** Ticks and rejections acknowledged by the broker. */
    public long published() {
        return published.get();
    }

    /** Sends that failed. */
    public long failed() {
        return failed.get();
    }

    private void send(String key, String value) {
        producer.send(new ProducerRecord<>(TOPIC, key, value), (metadata, error) -> {
            if (error == null) {
                published.incrementAndGet();
                if (failing.compareAndSet(true, false)) {
                    LOG.info("price ticks reach Kafka again");
                }
            } else {
                failed.incrementAndGet();
                if (failing.compareAndSet(false, true)) {
                    LOG.warn("price ticks cannot be published ({}); they are lost until Kafka is back", error.toString());
                }
            }
        });
    }
}
