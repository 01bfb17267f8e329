package io.cryptopipe.store.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The PostgreSQL sink of the streaming path: exact, idempotent and atomic, so that Spark may replay any micro-batch
 * after a crash and the database ends up as if it had been written once.
 *
 * <ul>
 *   <li>Every value reaches PostgreSQL as text through COPY into a session-private stage table, then set-based
 *       merges move it into the real tables: decimals keep the value and scale sent, and no row is written one by
 *       one.</li>
 *   <li>History gains only rows it does not have (key and {@code observed_at}); the first delivery (lowest Kafka
 *       offset) of a row wins, and a duplicate never keeps its neighbours out.</li>
 *   <li>Latest state moves only forward by {@code observed_at}: an equal or older row changes nothing, and keys a
 *       batch does not mention stay as they are.</li>
 *   <li>Rejects and ledger rows are stored once; {@link Progress} only moves forward; all of it in the same
 *       transaction as the rows it accounts for.</li>
 * </ul>
 *
 * <p>Stateless, so one instance serves any number of threads, each with its own connection. Connections may be
 * reused across writes; the stage tables are created on first use in each session.
 */
public final class PgSink {

    public PgSink() {
    }

    /**
     * Writes the batch in one transaction on the given connection: autocommit is turned off for it and restored
     * after. Either everything is stored or, on failure, nothing, and the connection stays usable.
     *
     * @return what changed; zero everywhere for a replayed batch
     * @throws SQLException             when PostgreSQL refuses anything (e.g. a value it cannot cast); rolled back
     * @throws IllegalArgumentException when a row does not match its table's columns, or a value holds U+0000;
     *                                  rolled back if anything was written
     */
    public SinkCounts write(Connection connection, SinkBatch batch) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(batch, "batch");
        checkWidths(batch);
        if (batch.isEmpty()) {
            return SinkCounts.none();
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        SinkCounts counts;
        try {
            counts = writeAll(connection, batch);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            restore(connection, autoCommit, e);
            throw e;
        }
        connection.setAutoCommit(autoCommit);
        return counts;
    }

    private static SinkCounts writeAll(Connection connection, SinkBatch batch) throws SQLException {
        Map<SinkTable, Integer> snapshots = new EnumMap<>(SinkTable.class);
        Map<SinkTable, Integer> latest = new EnumMap<>(SinkTable.class);
        for (SinkTable table : SinkTable.values()) {
            List<SinkRow> rows = batch.rowsOf(table);
            if (!rows.isEmpty()) {
                stage(connection, table.snapshots(), table.columns(), rows);
                snapshots.put(table, update(connection, SinkSql.mergeSnapshots(table)));
                latest.put(table, update(connection, SinkSql.mergeLatest(table)));
            }
        }
        int rejects = insertNew(connection, SinkSql.REJECTS, SinkSql.REJECT_COLUMNS, SinkSql.REJECT_KEY,
                batch.rejects(), PgSink::values);
        int ledger = insertNew(connection, SinkSql.LEDGER, SinkSql.LEDGER_COLUMNS, SinkSql.LEDGER_KEY,
                batch.ledger(), PgSink::values);
        storeProgress(connection, batch.progress());
        return new SinkCounts(snapshots, latest, rejects, ledger);
    }

    private static void stage(Connection connection, String target, List<String> columns, Iterable<SinkRow> rows)
            throws SQLException {
        update(connection, SinkSql.createStage(target));
        StageCopy.copy(connection, SinkSql.stage(target), columns, rows);
    }

    /** Stages the items in list order (their ord) and inserts those whose key is not stored yet. */
    private static <T> int insertNew(Connection connection, String target, List<String> columns, List<String> key,
                                     List<T> items, Function<T, List<String>> values) throws SQLException {
        if (items.isEmpty()) {
            return 0;
        }
        Iterable<SinkRow> rows = () -> IntStream.range(0, items.size())
                .mapToObj(i -> new SinkRow(i, values.apply(items.get(i)))).iterator();
        stage(connection, target, columns, rows);
        return update(connection, SinkSql.insertNew(target, columns, key));
    }

    private static void storeProgress(Connection connection, List<Progress> progress) throws SQLException {
        if (progress.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(SinkSql.upsertProgress())) {
            upsert.setArray(1, connection.createArrayOf("text",
                    progress.stream().map(Progress::query).toArray(String[]::new)));
            upsert.setArray(2, connection.createArrayOf("text",
                    progress.stream().map(Progress::topic).toArray(String[]::new)));
            upsert.setArray(3, connection.createArrayOf("int4",
                    progress.stream().map(Progress::partition).toArray(Integer[]::new)));
            upsert.setArray(4, connection.createArrayOf("int8",
                    progress.stream().map(Progress::nextOffset).toArray(Long[]::new)));
            upsert.setArray(5, connection.createArrayOf("int8",
                    progress.stream().map(Progress::batchId).toArray(Long[]::new)));
            upsert.executeUpdate();
        }
    }

    private static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static List<String> values(RejectRow reject) {
        return Arrays.asList(reject.topic(), Integer.toString(reject.partition()), Long.toString(reject.offset()),
                reject.key(), reject.raw(), reject.reason(), reject.rejectedAt().toString());
    }

    private static List<String> values(LedgerRow poll) {
        return Arrays.asList(poll.pollId().toString(), poll.entity(), poll.sourceUrl(), poll.observedAt().toString(),
                text(poll.fetchedAt()), text(poll.itemsReturned()), text(poll.repeats()), text(poll.rejected()),
                text(poll.requests()), poll.outcome(), poll.reason(), poll.archivedBody(), poll.driftJson(),
                text(poll.intervalMs()));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Refuses a malformed batch before it touches the connection. */
    private static void checkWidths(SinkBatch batch) {
        for (SinkTable table : SinkTable.values()) {
            for (SinkRow row : batch.rowsOf(table)) {
                if (row.values().size() != table.columns().size()) {
                    throw new IllegalArgumentException("the " + table.entity() + " row of order " + row.order()
                            + " has " + row.values().size() + " values for the " + table.columns().size()
                            + " columns " + table.columns());
                }
            }
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit, Exception failure) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
