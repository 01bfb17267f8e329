package io.cryptopipe.ingest;

import io.cryptopipe.core.parse.FieldDrift;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One poll as it arrived, kept before anything is published: every page's status and body exactly as received,
 * and how the poll ended. Failed polls are kept too, with the answer that ended them (non-JSON, the v2 end-of-life
 * envelope, an HTML gateway page), so the ledger can account for every poll and the reason stays inspectable.
 *
 * @param pollId     unique per poll; the key of the published marks and of the ledger record
 * @param entity     the endpoint polled, e.g. {@code assets}
 * @param source     the API base, credentials masked
 * @param api        {@code v2} or {@code v3}; null in lines archived before it was recorded
 * @param observedAt the poll's one time: its first page's {@code timestamp}, or for a failure the clock time of the
 *                   attempt
 * @param outcome    whether the poll succeeded, failed, or was refused by the credit budget before sending
 * @param reason     null when OK; otherwise the failure kind and message, e.g. {@code RETRIES_EXHAUSTED: ...}
 * @param requests   HTTP requests the poll sent, retries included
 * @param rejected   items the parser rejected at ingest; 0 for failures
 * @param driftJson  {@code {"unknown":{"field":n},"missing":{"field":n}}} of an OK poll; null for failures and for
 *                   lines archived before it was recorded
 * @param pages      OK: the answers in request order; FAILED: one page with the last status and body;
 *                   REFUSED: none
 * @param intervalMs the interval of the poller that made the poll, in milliseconds, so the ledger can tell which
 *                   poll slots were expected; null when unknown (lines archived before it was recorded, polls made
 *                   outside a poller)
 */
public record ArchivedPoll(UUID pollId, String entity, String source, String api, Instant observedAt,
        Outcome outcome, String reason, int requests, int rejected, String driftJson, List<Page> pages,
        Long intervalMs) {

    public ArchivedPoll {
        Objects.requireNonNull(pollId, "pollId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(outcome, "outcome");
        pages = List.copyOf(pages);
        if ((outcome == Outcome.OK) != (reason == null)) {
            throw new IllegalArgumentException("a reason is required exactly when the poll is not OK: " + outcome);
        }
        if (outcome == Outcome.REFUSED && !pages.isEmpty()) {
            throw new IllegalArgumentException("a refused poll sent nothing, so it has no pages");
        }
        if (intervalMs != null && intervalMs <= 0) {
            throw new IllegalArgumentException("a poll interval must be positive: " + intervalMs);
        }
    }

    /** A poll whose poller interval is not known ({@code intervalMs} null). */
    public ArchivedPoll(UUID pollId, String entity, String source, String api, Instant observedAt, Outcome outcome,
            String reason, int requests, int rejected, String driftJson, List<Page> pages) {
        this(pollId, entity, source, api, observedAt, outcome, reason, requests, rejected, driftJson, pages, null);
    }

    /** How a poll ended. */
    public enum Outcome {
        /** Every page was read. */
        OK,
        /** A page could not be read; the poll's items are not published. */
        FAILED,
        /** The credit budget refused a request before it was sent. */
        REFUSED;

        /** The ledger's spelling: {@code ok}, {@code failed}, {@code refused}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A successful poll with every page as received, its interval unknown. */
    public static ArchivedPoll ok(Poll<?> poll, String source, String api) {
        return ok(poll, source, api, null);
    }

    /**
     * A successful poll with every page as received.
     *
     * @param interval the interval of the poller that made it; null when unknown
     */
    public static ArchivedPoll ok(Poll<?> poll, String source, String api, Duration interval) {
        List<Page> pages = poll.pages().stream()
                .map(p -> new Page(p.offset(), p.status(), p.fetchedAt(), p.body())).toList();
        return new ArchivedPoll(poll.id(), poll.endpoint(), source, api, poll.observedAt(), Outcome.OK, null,
                poll.requests(), poll.rejections().size(), driftJson(poll.drift()), pages, millis(interval));
    }

    /**
     * A poll that ended in {@code failure}: REFUSED when the budget refused to send, else FAILED with one page
     * holding the last status and body received (status 0 and an empty body when no answer came).
     *
     * @param attemptedAt the clock time the poll began, its {@code observed_at}
     * @param failedAt    the clock time it failed, the failed page's {@code fetchedAt}
     */
    public static ArchivedPoll failed(String entity, String source, String api, Instant attemptedAt,
            Instant failedAt, CoinCapException failure) {
        return failed(entity, source, api, attemptedAt, failedAt, failure, null);
    }

    /**
     * As {@link #failed(String, String, String, Instant, Instant, CoinCapException)}, for a poller of that interval
     * (null when unknown).
     */
    public static ArchivedPoll failed(String entity, String source, String api, Instant attemptedAt,
            Instant failedAt, CoinCapException failure, Duration interval) {
        boolean refused = failure.kind() == CoinCapException.Kind.BUDGET_EXHAUSTED;
        List<Page> pages = refused ? List.of() : List.of(new Page(0, failure.status(), failedAt, failure.body()));
        return new ArchivedPoll(UUID.randomUUID(), entity, source, api, attemptedAt,
                refused ? Outcome.REFUSED : Outcome.FAILED, failure.kind() + ": " + failure.getMessage(),
                failure.requests(), 0, null, pages, millis(interval));
    }

    private static Long millis(Duration interval) {
        return interval == null ? null : interval.toMillis();
    }

    /** {@code {"unknown":{...},"missing":{...}}}, fields sorted by name, so equal drift reads the same. */
    static String driftJson(FieldDrift drift) {
        return "{\"unknown\":" + counts(drift.unknown()) + ",\"missing\":" + counts(drift.missing()) + "}";
    }

    private static String counts(Map<String, Integer> counts) {
        return new TreeMap<>(counts).entrySet().stream().map(e -> Json.quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * One answer.
     *
     * @param offset    the {@code offset} asked for
     * @param status    the HTTP status; 0 when no answer came
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
