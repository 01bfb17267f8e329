package io.cryptopipe.ingest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counts behind {@link IngestStats}; every change and every snapshot holds one lock, so snapshots agree. */
final class IngestCounters {
    private final Map<String, IngestStats.Entity> entities = new LinkedHashMap<>();
    private long republished;

    IngestCounters(Collection<String> entities) {
        entities.forEach(e -> this.entities.put(e, IngestStats.Entity.NONE));
    }

    /** A poll was archived. */
    synchronized void polled(ArchivedPoll poll) {
        IngestStats.Entity e = entities.getOrDefault(poll.entity(), IngestStats.Entity.NONE);
        entities.put(poll.entity(), new IngestStats.Entity(
                e.ok() + (poll.outcome() == ArchivedPoll.Outcome.OK ? 1 : 0),
                e.failed() + (poll.outcome() == ArchivedPoll.Outcome.FAILED ? 1 : 0),
                e.refused() + (poll.outcome() == ArchivedPoll.Outcome.REFUSED ? 1 : 0),
                e.itemsPublished(), poll.observedAt(), poll.outcome(), poll.reason()));
    }

    /** A poll's records were acknowledged. */
    synchronized void published(ArchivedPoll poll, int items, boolean late) {
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
