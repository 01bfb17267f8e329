package io.cryptopipe.stream;

/**
 * One Kafka record as the stream reads it: where it sits and its key and value as text.
 *
 * @param key   the natural key, null for an item that had none
 * @param value the envelope JSON; null for a tombstone, which is rejected
 */
public record StreamRecord(String topic, int partition, long offset, String key, String value) {
}
