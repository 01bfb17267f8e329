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
    private final SinkRows rows;

    RunningStream(StreamingQuery query) {
        this(query, null);
    }

    RunningStream(StreamingQuery query, SinkRows rows) {
        this.query = query;
        this.rows = rows;
    }

    /**
     * Tells the listener, in the driver, after each micro-batch from now on is stored, with the rows it stored per
     * table (metrics).
     */
    public void addBatchListener(StreamBatchListener listener) {
        if (rows == null) {
            throw new IllegalStateException("this stream does not count what it stores");
        }
        rows.addListener(listener);
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
