package io.cryptopipe.core.parse;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of parsing one successful (2xx) CoinCap body: a {@link Page} of items, possibly with rejections, or a
 * {@link Failure} of the body as a whole.
 *
 * @param <T> the record type of the items
 */
public sealed interface ParsedResponse<T> permits ParsedResponse.Page, ParsedResponse.Failure {

    /**
     * A parsed envelope.
     *
     * @param timestamp   the envelope's server time; empty when the body had no valid {@code timestamp}
     * @param accepted    items that became records, in response order, each with its raw JSON
     * @param rejections  items that did not, each with its reason and raw JSON
     * @param drift       unknown and missing fields over all items
     * @param warnings    envelope problems that did not stop parsing (a missing or invalid timestamp)
     */
    record Page<T>(
            Optional<Instant> timestamp,
            List<Accepted<T>> accepted,
            List<Rejection> rejections,
            FieldDrift drift,
            List<String> warnings) implements ParsedResponse<T> {
        public Page {
            Objects.requireNonNull(timestamp, "timestamp");
            accepted = List.copyOf(accepted);
            rejections = List.copyOf(rejections);
            Objects.requireNonNull(drift, "drift");
            warnings = List.copyOf(warnings);
        }

        /** The accepted records alone. */
        public List<T> items() {
            return accepted.stream().map(Accepted::value).toList();
        }
    }

    /**
     * The whole body is unusable.
     *
     * @param kind    what went wrong
     * @param message a human-readable reason (the API's own message for {@link Kind#DEPRECATED})
     * @param body    the body as received, kept for the error report
     */
    record Failure<T>(Kind kind, String message, String body) implements ParsedResponse<T> {
        public Failure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Classes of whole-body failure. */
    enum Kind {
        /** v2's end-of-life answer: {@code data} is an object holding only {@code message}. */
        DEPRECATED,
        /** A success status with an {@code error} body instead of {@code data}. */
        API_ERROR,
        /** Not JSON, not an object, no {@code data}, or {@code data} of the wrong kind. */
        MALFORMED
    }

    /**
     * One accepted item.
     *
     * @param value the record
     * @param raw   the item's JSON as received (decimals keep their digits; key order kept)
     */
    record Accepted<T>(T value, String raw) {
    }
}
