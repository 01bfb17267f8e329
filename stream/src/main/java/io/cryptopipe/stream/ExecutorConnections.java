package io.cryptopipe.stream;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Idle PostgreSQL connections kept per executor JVM between micro-batches, by target. A new connection costs
 * 15-20 ms here plus the stage tables' creation, paid by every partition of every micro-batch otherwise
 * ({@code bench stream} measured about a second per small batch). This is the product's one mutable static, and
 * deliberately so: sink tasks run in Spark executors, which have no composition root to own a pool, and are
 * deserialized anew for every task. A connection is checked before reuse and closed instead of kept after any
 * failure.
 */
final class ExecutorConnections {
    /** Enough for the partitions one executor runs at once; more are closed when given back. */
    private static final int MAX_IDLE = 8;
    private static final int VALID_SECONDS = 2;
    private static final Map<PgTarget, Deque<Connection>> IDLE = new ConcurrentHashMap<>();

    private ExecutorConnections() {
    }

    /** An idle, valid connection to {@code target}, or a new one. */
    static Connection borrow(PgTarget target) throws SQLException {
        Deque<Connection> idle = IDLE.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>());
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (c.isValid(VALID_SECONDS)) {
                return c;
            }
            closeQuietly(c);
        }
        return target.connect();
    }

    /** Keeps a connection whose last use succeeded (autocommit restored), else closes it. */
    static void giveBack(PgTarget target, Connection connection, boolean healthy) {
        Deque<Connection> idle = IDLE.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>());
        if (healthy && idle.size() < MAX_IDLE) {
            idle.offerFirst(connection);
        } else {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // already broken: nothing to keep
        }
    }
}
