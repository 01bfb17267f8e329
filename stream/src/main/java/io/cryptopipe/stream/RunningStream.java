package io.cryptopipe.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** A started streaming query: drained and stopped by its owner, its failure reported, never swallowed. */
public final class RunningStream implements AutoCloseable {
    private final StreamingQuery query;

    RunningStream(StreamingQuery query) {
        this.query = query;
    }

    public String name() {
        return query.name();
    }

    public boolean isActive() {
        return query.isActive();
    }

    /** Why the query died, if it did. */
    public Optional<String> failure() {
        return query.exception().isDefined() ? Optional.of(describe(query.exception().get())) : Optional.empty();
    }

    /** The last micro-batch's summary (id, input rows, time), empty before the first. */
    public Optional<StreamingQueryProgress> lastProgress() {
        return Optional.ofNullable(query.lastProgress());
    }

    /**
     * Processes everything published so far, commits it, and returns true; false when that takes longer than
     * {@code timeout} or the query fails. Call after ingest has stopped so that "so far" is the end.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        Thread drainer = new Thread(() -> {
            try {
                query.processAllAvailable();
            } catch (RuntimeException e) {
                // reported through failure()
            }
        }, "stream-drain");
        drainer.setDaemon(true);
        drainer.start();
        drainer.join(timeout.toMillis());
        return !drainer.isAlive() && query.isActive() && query.exception().isEmpty();
    }

    @Override
    public void close() throws TimeoutException {
        query.stop();
    }

    private static String describe(StreamingQueryException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage().lines().findFirst().orElse("") + (root == e ? "" : " (cause: " + root + ")");
    }
}
