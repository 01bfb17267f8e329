package io.cryptopipe.simulator;

import java.time.Duration;

/**
 * The fate of one REST request, decided by {@link Faults} before it is routed.
 *
 * @param kind  what the answer becomes
 * @param delay how long to stall before answering; zero for none
 */
record RestFault(Kind kind, Duration delay) {
    static final RestFault NONE = new RestFault(Kind.NONE, Duration.ZERO);

    /** What a request's answer becomes. */
    enum Kind {
        /** The API's own answer. */
        NONE,
        /** 429 with CoinCap's JSON error body and no rate-limit headers. */
        TOO_MANY_REQUESTS,
        /** 500 with a JSON error body. */
        SERVER_ERROR,
        /** 502 with a Cloudflare-like HTML page. */
        BAD_GATEWAY,
        /** 503 with an empty body. */
        UNAVAILABLE,
        /** 200 with v2's end-of-life envelope; only ever chosen for /v2. */
        DEPRECATED,
        /** A 200 answer replaced by an HTML page (the API's errors pass unchanged). */
        MALFORMED_HTML,
        /** A 200 answer cut to half its JSON, sent with a Content-Length that matches the cut body. */
        MALFORMED_CUT,
        /** The API's answer, its full length announced, half of it written, then the connection dropped. */
        TRUNCATE
    }
}
