package io.cryptopipe.core.parse;

/** Thrown by {@link Fields} inside the parser only; turned into a {@link Rejection} before it can escape. */
final class ItemRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RejectCode code;
    final String field;

    ItemRejected(RejectCode code, String field, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
    }
}
