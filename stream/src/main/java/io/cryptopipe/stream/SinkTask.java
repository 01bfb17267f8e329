package io.cryptopipe.stream;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.store.sink.PgSink;
import io.cryptopipe.store.sink.SinkBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;

/**
 * Stores one partition of a micro-batch: decodes its records and writes them, with the partition's Kafka position,
 * in one PostgreSQL transaction (COPY into stage tables, then set-based merges). Spark commits the batch's offsets
 * only after every partition returned, so a crash in between makes Spark run the batch again; the merges make that
 * second run change nothing. An empty partition opens no connection.
 *
 * <p>Rows are {@code topic, partition, offset, key, value} as strings and numbers (see {@link StreamJob}).
 */
final class SinkTask implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;

    private final PgTarget target;
    private final String query;
    private final long batchId;
    private final CrashPoints crash;

    SinkTask(PgTarget target, String query, long batchId, CrashPoints crash) {
        this.target = target;
        this.query = query;
        this.batchId = batchId;
        this.crash = crash;
    }

    @Override
    public void call(Iterator<Row> rows) throws SQLException {
        List<StreamRecord> records = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            records.add(new StreamRecord(row.getString(0), row.getInt(1), row.getLong(2), row.getString(3),
                    row.getString(4)));
        }
        if (records.isEmpty()) {
            return;
        }
        SinkBatch batch = new RecordDecoder().decode(records, query, batchId, Instant.now());
        try (Connection connection = target.connect()) {
            new PgSink().write(connection, batch);
        }
        if (batch.entityRows() > 0) {
            crash.reach(CrashPoints.AFTER_PG_COMMIT);
        }
    }
}
