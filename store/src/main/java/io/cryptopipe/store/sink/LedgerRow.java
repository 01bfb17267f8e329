package io.cryptopipe.store.sink;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One poll from {@code coincap.ledger}; stored once per poll id, so a replay adds nothing.
 *
 * <p>Nullable: {@code sourceUrl}, {@code fetchedAt}, the counts, {@code reason}, {@code archivedBody},
 * {@code driftJson} and {@code intervalMs}.
 *
 * @param driftJson  the unknown and missing field counts of the poll as a JSON document; it must be valid JSON (the
 *                   write fails otherwise, as for any value PostgreSQL cannot cast)
 * @param intervalMs the interval of the poller that made the poll, from which {@code ingest_gaps} derives the
 *                   expected poll slots; null for events published before it was recorded
 */
public record LedgerRow(UUID pollId, String entity, String sourceUrl, Instant observedAt, Instant fetchedAt,
                        Integer itemsReturned, Integer repeats, Integer rejected, Integer requests, String outcome,
                        String reason, String archivedBody, String driftJson, Long intervalMs) {
    public LedgerRow {
        Objects.requireNonNull(pollId, "pollId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A row without the poller's interval ({@code intervalMs} null). */
    public LedgerRow(UUID pollId, String entity, String sourceUrl, Instant observedAt, Instant fetchedAt,
                     Integer itemsReturned, Integer repeats, Integer rejected, Integer requests, String outcome,
                     String reason, String archivedBody, String driftJson) {
        this(pollId, entity, sourceUrl, observedAt, fetchedAt, itemsReturned, repeats, rejected, requests, outcome,
                reason, archivedBody, driftJson, null);
    }
}
