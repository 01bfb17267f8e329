package io.cryptopipe.store.sink;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kafka record the stream could not store, kept whole with the reason; one per record and reason, so a replay
 * adds nothing.
 *
 * @param key the record key, or {@code null}
 * @param raw the record value as received, or {@code null}
 */
public record RejectRow(String topic, int partition, long offset, String key, String raw, String reason,
                        Instant rejectedAt) {
    public RejectRow {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
