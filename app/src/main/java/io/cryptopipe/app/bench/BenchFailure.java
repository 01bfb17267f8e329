package io.cryptopipe.app.bench;

/**
 * The benchmark could not measure what it claims: rows lost, a stream that failed or did not drain, a poll never
 * stored. The command reports the message and exits 1; a missed target is not a failure.
 */
final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
        super(message);
    }
}
