package io.cryptopipe.ingest;

import java.io.IOException;

/**
 * Told about each poll as ingest handles it, for metrics; called on the poller's thread (or the one republishing),
 * so it must be quick and must not throw (what it throws is logged and ignored). Every method has an empty default.
 */
public interface IngestListener {
    /** A poll, whatever its outcome, was archived. */
    default void polled(ArchivedPoll poll) {
    }

    /**
     * A poll's records were acknowledged by the broker.
     *
     * @param items its item records (its one ledger record not counted)
     * @param late  whether it was published after its own attempt could not be (held back, or left by a crash)
     */
    default void published(ArchivedPoll poll, int items, boolean late) {
    }

    /** Publishing a poll failed; it stays in the raw archive and is published when the broker takes it. */
    default void publishFailed(ArchivedPoll poll, IOException error) {
    }
}
