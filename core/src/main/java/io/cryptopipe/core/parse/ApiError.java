package io.cryptopipe.core.parse;

import java.util.Objects;

/**
 * A non-2xx answer, read as far as it can be.
 *
 * @param status  the HTTP status
 * @param message the body's {@code error} (or {@code message}) string, else a short excerpt of the raw body
 * @param body    the whole body as received, which may not be JSON (an HTML error page, an empty string)
 */
public record ApiError(int status, String message, String body) {
    public ApiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
    }
}
