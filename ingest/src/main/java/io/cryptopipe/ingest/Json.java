package io.cryptopipe.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON text written by hand where field order and the exact item text matter. */
final class Json {
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();

    private Json() {
    }

    /** A JSON string literal, or {@code null}. */
    static String quote(String text) {
        return text == null ? "null" : "\"" + new String(ESCAPE.quoteAsString(text)) + "\"";
    }

    /** An instant as a string literal ({@link java.time.Instant#toString()}), or {@code null}. */
    static String quote(java.time.Instant instant) {
        return instant == null ? "null" : quote(instant.toString());
    }
}
