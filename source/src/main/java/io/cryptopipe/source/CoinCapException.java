package io.cryptopipe.source;

import java.util.Objects;

/**
 * A request the client could not complete, classified so callers can act: AUTH stops (fix the key or plan),
 * BUDGET waits for the next day, the others are reported and the next poll tries again.
 */
public final class CoinCapException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Kind kind;
    private final int status;
    private final String body;
    private final int requests;

    public CoinCapException(Kind kind, int status, String message, String body, Throwable cause) {
        this(kind, status, message, body, cause, 0);
    }

    /**
     * @param requests HTTP requests the failed poll had sent, retries included, so a failure is billed in the
     *                 ledger like a success
     */
    public CoinCapException(Kind kind, int status, String message, String body, Throwable cause, int requests) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.status = status;
        this.body = body == null ? "" : body;
        this.requests = requests;
    }

    /** Failure classes. */
    public enum Kind {
        /** 401/403: the key is missing, wrong, or the plan does not include the endpoint. Not retried. */
        AUTH,
        /** 400/404 and other 4xx: reported, not retried. */
        CLIENT_ERROR,
        /** 429, 5xx, I/O errors or unreadable bodies on every attempt. */
        RETRIES_EXHAUSTED,
        /** The credit budget refused the request before it was sent. */
        BUDGET_EXHAUSTED,
        /** v2's end-of-life answer. */
        DEPRECATED,
        /** A success status whose body says {@code error}. */
        API_ERROR,
        /** The thread was interrupted while waiting. */
        INTERRUPTED
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the last answer, 0 when none came. */
    public int status() {
        return status;
    }

    /** The last body received, as received (may be HTML or empty), for the error report. */
    public String body() {
        return body;
    }

    /** HTTP requests the failed poll sent before giving up, retries included; 0 when none was sent. */
    public int requests() {
        return requests;
    }

    /** This failure, counting {@code sent} requests; the stack trace is kept. */
    CoinCapException withRequests(int sent) {
        CoinCapException copy = new CoinCapException(kind, status, getMessage(), body, getCause(), sent);
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
