package io.cryptopipe.stream;

import io.cryptopipe.store.sink.SinkCounts;
import io.cryptopipe.store.sink.SinkTable;
import io.cryptopipe.store.sink.TickSink;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows the sink stored, per PostgreSQL table, carried from the executors' {@link SinkTask}s to the driver in Spark
 * accumulators (a task's additions count once, and only when it succeeded), and handed to the
 * {@link StreamBatchListener}s after each micro-batch. The tables: each entity's history table (new rows) and
 * latest-state table (rows inserted or moved forward), {@code rejected_records}, {@code ingest_ledger},
 * {@code price_ticks}, {@code price_tick_duplicates}, {@code late_ticks} and {@code candles_1m} (candles written).
 */
final class SinkRows {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRows.class);
    static final String REJECTS = "rejected_records";
    static final String LEDGER = "ingest_ledger";
    static final String TICKS = "price_ticks";
    static final String DUPLICATES = "price_tick_duplicates";
    static final String LATE = "late_ticks";
    static final String CANDLES = "candles_1m";

    private final Map<String, LongAccumulator> accumulators;
    private final List<StreamBatchListener> listeners = new CopyOnWriteArrayList<>();

    /** Registers one accumulator per table with the driver's context. */
    SinkRows(SparkContext context) {
        Map<String, LongAccumulator> map = new LinkedHashMap<>();
        for (String table : tables()) {
            map.put(table, context.longAccumulator("cryptopipe.sink." + table));
        }
        this.accumulators = Collections.unmodifiableMap(map);
    }

    /** Every table counted, in a stable order. */
    static List<String> tables() {
        List<String> tables = new java.util.ArrayList<>();
        for (SinkTable table : SinkTable.values()) {
            tables.add(table.snapshots());
            tables.add(table.latest());
        }
        tables.addAll(List.of(REJECTS, LEDGER, TICKS, DUPLICATES, LATE, CANDLES));
        return tables;
    }

    /** The accumulators for a task (serializable: a HashMap of accumulators). */
    Map<String, LongAccumulator> forTasks() {
        return new java.util.HashMap<>(accumulators);
    }

    void addListener(StreamBatchListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The driver's totals so far, per table. */
    Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        accumulators.forEach((table, acc) -> totals.put(table, acc.sum()));
        return totals;
    }

    /** Tells the listeners about a stored batch: the rows are the totals now minus {@code before}. */
    void stored(long batchId, Duration took, Map<String, Long> before) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        totals().forEach((table, total) -> rows.put(table, total - before.getOrDefault(table, 0L)));
        Map<String, Long> shown = Collections.unmodifiableMap(rows);
        for (StreamBatchListener listener : listeners) {
            try {
                listener.stored(batchId, took, shown);
            } catch (RuntimeException e) {
                LOG.warn("a stream batch listener failed: {}", e.toString());
            }
        }
    }

    /** Adds what one partition stored to the task's accumulators; a null map (no metrics) adds nothing. */
    static void add(Map<String, LongAccumulator> accumulators, SinkCounts counts, TickSink.TickCounts ticks) {
        if (accumulators == null) {
            return;
        }
        for (SinkTable table : SinkTable.values()) {
            add(accumulators, table.snapshots(), counts.snapshotRowsInserted().get(table));
            add(accumulators, table.latest(), counts.latestRowsChanged().get(table));
        }
        add(accumulators, REJECTS, counts.rejectsInserted());
        add(accumulators, LEDGER, counts.ledgerInserted());
        add(accumulators, TICKS, ticks.stored());
        add(accumulators, DUPLICATES, ticks.duplicates());
        add(accumulators, LATE, ticks.late());
        add(accumulators, CANDLES, ticks.candlesWritten());
    }

    private static void add(Map<String, LongAccumulator> accumulators, String table, Integer rows) {
        LongAccumulator acc = accumulators.get(table);
        if (acc != null && rows != null && rows > 0) {
            acc.add(rows);
        }
    }
}
