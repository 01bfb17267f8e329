package io.cryptopipe.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One poll as it arrived, kept before anything is published: every page's status and body exactly as received
 * (including whole-body failures such as non-JSON or the v2 end-of-life envelope).
 *
 * @param pollId     unique per poll; the key of the published marks
 * @param entity     the endpoint polled, e.g. {@code assets}
 * @param source     the API base, credentials masked
 * @param observedAt the poll's one time (its first page's {@code timestamp})
 * @param pages      the answers in request order
 */
public record ArchivedPoll(UUID pollId, String entity, String source, Instant observedAt, List<Page> pages) {
    public ArchivedPoll {
        Objects.requireNonNull(pollId, "pollId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        pages = List.copyOf(pages);
    }

    /**
     * One answer.
     *
     * @param offset    the {@code offset} asked for
     * @param status    the HTTP status
     * @param fetchedAt when it arrived
     * @param body      the body text exactly as received
     */
    public record Page(int offset, int status, Instant fetchedAt, String body) {
        public Page {
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            Objects.requireNonNull(body, "body");
        }
    }
}
