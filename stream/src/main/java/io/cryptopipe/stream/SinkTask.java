package io.cryptopipe.stream;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.store.sink.PgSink;
import io.cryptopipe.store.sink.Progress;
import io.cryptopipe.store.sink.RejectRow;
import io.cryptopipe.store.sink.SinkBatch;
import io.cryptopipe.store.sink.SinkCounts;
import io.cryptopipe.store.sink.TickSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Stores one partition of a micro-batch: decodes its records and writes them, with the partition's Kafka position,
 * in one PostgreSQL transaction (COPY into stage tables, then set-based merges; ticks and candles through
 * {@link TickSink}). Spark commits the batch's offsets only after every partition returned, so a crash in between
 * makes Spark run the batch again; the merges make that second run change nothing. An empty partition takes no
 * connection; connections are reused between batches ({@link ExecutorConnections}).
 *
 * <p>Rows are {@code topic, partition, offset, key, value} as strings and numbers (see {@link StreamJob}).
 */
final class SinkTask implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;

    private final PgTarget target;
    private final String query;
    private final long batchId;
    private final CrashPoints crash;
    private final Duration lateness;
    /** Rows stored per table, summed in the driver ({@link SinkRows}); null when nobody counts. */
    private final Map<String, LongAccumulator> rowsStored;

    SinkTask(PgTarget target, String query, long batchId, CrashPoints crash, Duration lateness) {
        this(target, query, batchId, crash, lateness, null);
    }

    SinkTask(PgTarget target, String query, long batchId, CrashPoints crash, Duration lateness,
            Map<String, LongAccumulator> rowsStored) {
        this.target = target;
        this.query = query;
        this.batchId = batchId;
        this.crash = crash;
        this.lateness = lateness;
        this.rowsStored = rowsStored;
    }

    @Override
    public void call(Iterator<Row> rows) throws SQLException {
        List<StreamRecord> items = new ArrayList<>();
        List<StreamRecord> prices = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            StreamRecord record = new StreamRecord(row.getString(0), row.getInt(1), row.getLong(2), row.getString(3),
                    row.getString(4));
            (TickDecoder.TOPIC.equals(record.topic()) ? prices : items).add(record);
        }
        if (items.isEmpty() && prices.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        SinkBatch batch = new RecordDecoder().decode(items, query, batchId, now);
        TickDecoder.Decoded ticks = new TickDecoder().decode(prices, now);
        SinkBatch all = withTicks(batch, ticks, prices);
        Connection connection = ExecutorConnections.borrow(target);
        boolean healthy = false;
        Stored stored;
        try {
            stored = write(connection, all, ticks.ticks(), now);
            connection.setAutoCommit(true);
            healthy = true;
        } finally {
            ExecutorConnections.giveBack(target, connection, healthy);
        }
        SinkRows.add(rowsStored, stored.counts(), stored.ticks());
        if (all.entityRows() > 0 || !ticks.ticks().isEmpty()) {
            crash.reach(CrashPoints.AFTER_PG_COMMIT);
        }
    }

    /**
     * One transaction: the ticks first, then {@link PgSink#write}, which commits the transaction it finds open
     * (autocommit off) together with its own statements or rolls all of it back; the last commit covers a batch
     * that left PgSink nothing to do.
     */
    private Stored write(Connection connection, SinkBatch batch, List<TickSink.TickRow> ticks, Instant now)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            TickSink.TickCounts storedTicks = new TickSink(lateness).write(connection, ticks, now);
            SinkCounts stored = new PgSink().write(connection, batch);
            connection.commit();
            return new Stored(stored, storedTicks);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** What one partition's transaction stored. */
    private record Stored(SinkCounts counts, TickSink.TickCounts ticks) {
    }

    /** The entity batch plus the price records' rejects and positions. */
    private SinkBatch withTicks(SinkBatch batch, TickDecoder.Decoded ticks, List<StreamRecord> prices) {
        if (prices.isEmpty()) {
            return batch;
        }
        List<RejectRow> rejects = new ArrayList<>(batch.rejects());
        rejects.addAll(ticks.rejects());
        List<Progress> progress = new ArrayList<>(batch.progress());
        progress.addAll(RecordDecoder.positions(prices, query, batchId));
        return new SinkBatch(batch.rows(), rejects, batch.ledger(), progress);
    }
}
