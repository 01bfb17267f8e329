package io.cryptopipe.ingest;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The counts behind {@link IngestStats}; every change and every snapshot holds one lock, so snapshots agree. */
final class IngestCounters {
    private static final Logger LOG = LoggerFactory.getLogger(IngestCounters.class);

    private final List<IngestListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, IngestStats.Entity> entities = new LinkedHashMap<>();
    private long republished;

    IngestCounters(Collection<String> entities) {
        entities.forEach(e -> this.entities.put(e, IngestStats.Entity.NONE));
    }

    void addListener(IngestListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** A poll was archived. */
    void polled(ArchivedPoll poll) {
        count(poll);
        tell(l -> l.polled(poll));
    }

    /** A poll's records were acknowledged. */
    void published(ArchivedPoll poll, int items, boolean late) {
        countPublished(poll, items, late);
        tell(l -> l.published(poll, items, late));
    }

    /** Publishing a poll failed. */
    void publishFailed(ArchivedPoll poll, IOException error) {
        tell(l -> l.publishFailed(poll, error));
    }

    private void tell(Consumer<IngestListener> event) {
        for (IngestListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("an ingest listener failed: {}", e.toString());
            }
        }
    }

    private synchronized void count(ArchivedPoll poll) {
        IngestStats.Entity e = entities.getOrDefault(poll.entity(), IngestStats.Entity.NONE);
        entities.put(poll.entity(), new IngestStats.Entity(
                e.ok() + (poll.outcome() == ArchivedPoll.Outcome.OK ? 1 : 0),
                e.failed() + (poll.outcome() == ArchivedPoll.Outcome.FAILED ? 1 : 0),
                e.refused() + (poll.outcome() == ArchivedPoll.Outcome.REFUSED ? 1 : 0),
                e.itemsPublished(), poll.observedAt(), poll.outcome(), poll.reason()));
    }

    private synchronized void countPublished(ArchivedPoll poll, int items, boolean late) {
        IngestStats.Entity e = entities.getOrDefault(poll.entity(), IngestStats.Entity.NONE);
        entities.put(poll.entity(), new IngestStats.Entity(e.ok(), e.failed(), e.refused(),
                e.itemsPublished() + items, e.lastObservedAt(), e.lastOutcome(), e.lastReason()));
        if (late) {
            republished++;
        }
    }

    synchronized IngestStats snapshot(int backlog) {
        return new IngestStats(entities, republished, backlog);
    }
}
