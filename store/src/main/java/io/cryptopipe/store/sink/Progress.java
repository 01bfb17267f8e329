package io.cryptopipe.store.sink;

import java.util.Objects;

/**
 * The Kafka position a Spark query has stored for one partition: written in the same transaction as the rows it
 * covers, so lag and drain can be read from PostgreSQL and agree with what is there. It only moves forward.
 *
 * @param nextOffset the offset of the first record not yet stored
 * @param batchId    the Spark micro-batch that stored it
 */
public record Progress(String query, String topic, int partition, long nextOffset, long batchId) {
    public Progress {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(topic, "topic");
    }
}
