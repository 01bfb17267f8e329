package io.cryptopipe.app.bench;

import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.PollPublisher;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.store.sink.PgSink;
import io.cryptopipe.store.sink.SinkBatch;
import io.cryptopipe.store.sink.SinkRow;
import io.cryptopipe.store.sink.SinkTable;
import io.cryptopipe.stream.PgTarget;
import io.cryptopipe.stream.RecordDecoder;
import io.cryptopipe.stream.StreamRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The baselines the end-to-end figure is judged against: the same rows the pipeline stores, written to the same
 * PostgreSQL in chunks of the pipeline's batch size (records per Kafka partition per micro-batch, which is what one
 * sink transaction holds), on one connection, one transaction per chunk.
 *
 * <p>The rows are made the pipeline's way: each poll of the {@link BacklogPlan} goes through the real
 * {@link PollPublisher} into a {@link MockProducer} (so the envelope and key are exactly what Kafka would carry),
 * and each chunk of those records through the real {@link RecordDecoder}. Only the writes are timed; making and
 * decoding the rows is timed apart, as the decode rate of one thread.
 *
 * <ul>
 *   <li>{@link #directCopy}: {@code COPY asset_snapshots (...) FROM STDIN} of the decoded values, then commit: the
 *       least PostgreSQL must do to store the rows with the table's key (the stricter baseline).</li>
 *   <li>{@link #copyMerge}: the real {@link PgSink#write} of each decoded chunk (COPY into the stage table, the
 *       history and latest-state merges, the position), then commit: what one sink transaction costs.</li>
 * </ul>
 * Each pass expects empty tables (the caller resets them), so every row is new, as in the end-to-end run.
 */
final class CopyBaseline {
    private static final String QUERY = "bench-baseline";

    private final RowGenerator rows;
    private final BacklogPlan plan;
    private final PgTarget target;
    private final int chunkRows;
    private final Path scratch;

    /**
     * @param chunkRows rows per transaction: {@code maxOffsetsPerTrigger / partitions}
     * @param scratch   a directory for the publisher's marks (the mock publish still marks polls published)
     */
    CopyBaseline(RowGenerator rows, BacklogPlan plan, PgTarget target, int chunkRows, Path scratch) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be positive: " + chunkRows);
        }
        this.rows = rows;
        this.plan = plan;
        this.target = target;
        this.chunkRows = chunkRows;
        this.scratch = scratch;
    }

    /** (a1) Plain COPY into {@code asset_snapshots}, one transaction per chunk. */
    Pass directCopy() throws IOException, SQLException, InterruptedException {
        List<String> columns = SinkTable.ASSETS.columns();
        String sql = "COPY " + SinkTable.ASSETS.snapshots() + " (" + String.join(", ", columns) + ") FROM STDIN";
        try (Connection connection = target.connect()) {
            connection.setAutoCommit(false);
            return run(batch -> {
                copy(connection, sql, batch.rowsOf(SinkTable.ASSETS));
                connection.commit();
            });
        }
    }

    /** (a2) The real sink: {@link PgSink#write} of each chunk, one transaction each. */
    Pass copyMerge() throws IOException, SQLException, InterruptedException {
        PgSink sink = new PgSink();
        try (Connection connection = target.connect()) {
            return run(batch -> sink.write(connection, batch));
        }
    }

    private Pass run(ChunkWriter writer) throws IOException, SQLException, InterruptedException {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        PollPublisher publisher = new PollPublisher(producer, new RawArchive(scratch));
        RecordDecoder decoder = new RecordDecoder();
        String assetsTopic = PollPublisher.topic("assets");
        List<StreamRecord> chunk = new ArrayList<>(chunkRows);
        Totals totals = new Totals();
        long offset = 0;
        for (ArchivedPoll poll : plan.polls(rows)) {
            publisher.publish(poll);
            for (ProducerRecord<String, String> record : producer.history()) {
                if (record.topic().equals(assetsTopic)) {
                    chunk.add(new StreamRecord(record.topic(), 0, offset++, record.key(), record.value()));
                    if (chunk.size() == chunkRows) {
                        write(chunk, decoder, writer, totals);
                    }
                }
            }
            producer.clear();
        }
        if (!chunk.isEmpty()) {
            write(chunk, decoder, writer, totals);
        }
        return new Pass(totals.rows, totals.chunks, totals.writeNanos, totals.decodeNanos);
    }

    private static void write(List<StreamRecord> chunk, RecordDecoder decoder, ChunkWriter writer, Totals totals)
            throws SQLException, IOException {
        long start = System.nanoTime();
        SinkBatch batch = decoder.decode(chunk, QUERY, totals.chunks, Instant.now());
        long decoded = System.nanoTime();
        if (!batch.rejects().isEmpty()) {
            throw new IllegalStateException("the decoder rejected generated items, e.g. "
                    + batch.rejects().get(0).reason());
        }
        writer.write(batch);
        long written = System.nanoTime();
        totals.decodeNanos += decoded - start;
        totals.writeNanos += written - decoded;
        totals.rows += batch.rowsOf(SinkTable.ASSETS).size();
        totals.chunks++;
        chunk.clear();
    }

    /** COPY in PostgreSQL's text format: tab-separated, {@code \N} for null, the four special characters escaped. */
    private static void copy(Connection connection, String sql, List<SinkRow> rows) throws SQLException {
        PGCopyOutputStream out = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 64 * 1024);
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            for (SinkRow row : rows) {
                List<String> values = row.values();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        writer.write('\t');
                    }
                    field(writer, values.get(i));
                }
                writer.write('\n');
            }
            writer.flush();
            out.endCopy();
        } catch (IOException e) {
            if (out.isActive()) {
                out.cancelCopy();
            }
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    private static void field(Writer out, String value) throws IOException {
        if (value == null) {
            out.write("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.write("\\\\");
                case '\t' -> out.write("\\t");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                default -> out.write(c);
            }
        }
    }

    /** Writes one decoded chunk in its own transaction. */
    @FunctionalInterface
    private interface ChunkWriter {
        void write(SinkBatch batch) throws SQLException, IOException;
    }

    private static final class Totals {
        private long rows;
        private int chunks;
        private long writeNanos;
        private long decodeNanos;
    }

    /**
     * One baseline pass.
     *
     * @param writeNanos  time spent writing and committing, summed over chunks
     * @param decodeNanos time {@link RecordDecoder} took over the same records (one thread)
     */
    record Pass(long rows, int chunks, long writeNanos, long decodeNanos) {
        double rowsPerSecond() {
            return writeNanos == 0 ? 0 : rows * 1e9 / writeNanos;
        }

        double decodePerSecond() {
            return decodeNanos == 0 ? 0 : rows * 1e9 / decodeNanos;
        }

        double writeSeconds() {
            return writeNanos / 1e9;
        }
    }
}
