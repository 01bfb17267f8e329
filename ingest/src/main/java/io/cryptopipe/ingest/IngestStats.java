package io.cryptopipe.ingest;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of what ingest did since it started, for status, logs and metrics.
 *
 * @param entities    per entity, in polling order (entities seen only in republished polls follow)
 * @param republished polls published after their own attempt could not be: left over from an earlier run, or
 *                    held back while the broker was away
 * @param backlog     polls archived but waiting for the broker now
 */
public record IngestStats(Map<String, Entity> entities, long republished, int backlog) {
    public IngestStats {
        entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    }

    /**
     * One entity's polls.
     *
     * @param ok             polls that read every page
     * @param failed         polls that failed
     * @param refused        polls the credit budget refused
     * @param itemsPublished item records acknowledged by the broker
     * @param lastObservedAt the last poll's {@code observed_at} (a failure's is its attempt time); null before one
     * @param lastOutcome    how the last poll ended; null before one
     * @param lastReason     why it failed; null when it did not
     */
    public record Entity(long ok, long failed, long refused, long itemsPublished, Instant lastObservedAt,
            ArchivedPoll.Outcome lastOutcome, String lastReason) {
        static final Entity NONE = new Entity(0, 0, 0, 0, null, null, null);

        /** All polls, whatever their outcome. */
        public long polls() {
            return ok + failed + refused;
        }
    }
}
