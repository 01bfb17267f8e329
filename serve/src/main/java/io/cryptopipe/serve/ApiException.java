package io.cryptopipe.serve;

/**
 * A request the dashboard answers with {@code {"error": message}} and {@code status}. The message is shown to the
 * caller as is, so it names what was wrong and what is expected, never internals.
 */
final class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badParameter(String name, String expected) {
        return new ApiException(400, "invalid parameter '" + name + "': expected " + expected);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what);
    }
}
