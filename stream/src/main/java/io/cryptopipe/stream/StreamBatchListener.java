package io.cryptopipe.stream;

import java.time.Duration;
import java.util.Map;

/**
 * Told, in the driver, after each micro-batch is stored (metrics). Called on Spark's stream execution thread, so it
 * must be quick and must not throw (what it throws is logged and ignored).
 */
public interface StreamBatchListener {
    /**
     * @param batchId the micro-batch
     * @param took    how long storing it took (every partition's transaction)
     * @param rows    rows it added or changed per PostgreSQL table (see {@link SinkRows}); tables it did not touch
     *                are absent or zero
     */
    void stored(long batchId, Duration took, Map<String, Long> rows);
}
