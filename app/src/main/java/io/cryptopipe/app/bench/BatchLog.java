package io.cryptopipe.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Every micro-batch of one query as Spark reports it ({@link StreamingQueryProgress}: input rows and the
 * {@code durationMs} phases: {@code latestOffset}, {@code getBatch}, {@code queryPlanning}, {@code walCommit},
 * {@code addBatch} (the sink: all partition tasks of {@code foreachBatch}), {@code commitOffsets},
 * {@code triggerExecution} (the whole batch)), so the report can say where the time of a run went. A listener
 * rather than {@code recentProgress()}, which keeps only the last 100 batches. Events arrive on Spark's listener
 * thread, shortly after each batch commits.
 */
final class BatchLog extends StreamingQueryListener {
    private static final long serialVersionUID = 1L;

    private final String query;
    private final List<Batch> batches = new ArrayList<>();

    private BatchLog(String query) {
        this.query = query;
    }

    /** A log of the batches of the query named {@code query}, registered on the session. */
    static BatchLog attach(SparkSession spark, String query) {
        BatchLog log = new BatchLog(query);
        spark.streams().addListener(log);
        return log;
    }

    void detach(SparkSession spark) {
        spark.streams().removeListener(this);
    }

    /** The batches so far with input, in order. */
    synchronized List<Batch> withInput() {
        return batches.stream().filter(b -> b.inputRows() > 0).toList();
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!query.equals(progress.name())) {
            return;
        }
        synchronized (this) {
            batches.add(new Batch(progress.batchId(), progress.numInputRows(), new TreeMap<>(progress.durationMs())));
        }
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // nothing to record
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // nothing to record
    }

    /**
     * One micro-batch.
     *
     * @param durationMs Spark's phases in milliseconds, by name
     */
    record Batch(long batchId, long inputRows, Map<String, Long> durationMs) {
        long ms(String phase) {
            Long value = durationMs.get(phase);
            return value == null ? 0 : value;
        }
    }
}
