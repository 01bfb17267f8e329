package io.cryptopipe.publish;

/** A publish that failed: a missing warehouse or mart, an unreadable key file, or a load BigQuery refused. */
public class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
