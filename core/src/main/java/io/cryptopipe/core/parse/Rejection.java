package io.cryptopipe.core.parse;

import java.util.Objects;

/**
 * An item the parser refused, kept whole so nothing is lost.
 *
 * @param entity  which entity the item was read as ({@code asset}, {@code market}, ...)
 * @param code    the stable reason code
 * @param field   the offending field, or null when the item as a whole is bad
 * @param detail  a human-readable explanation naming the value
 * @param rawItem the item as received (JSON text)
 */
public record Rejection(String entity, RejectCode code, String field, String detail, String rawItem) {
    public Rejection {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(rawItem, "rawItem");
    }

    /** One line for logs and reject tables: {@code asset.priceUsd NOT_A_DECIMAL: not a decimal: 'abc'}. */
    public String reason() {
        return entity + (field == null ? "" : "." + field) + " " + code + ": " + detail;
    }
}
