package io.cryptopipe.app.bench;

import io.cryptopipe.stream.PgTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Watches what the stream has committed: every {@code every} it reads the query's positions in
 * {@code coincap.assets} from {@code stream_progress} (a primary-key lookup of a few rows) and keeps the timeline.
 *
 * <p>Why this and not counting rows: the sink writes a partition's position in the same transaction as its rows, so
 * "the stored position of every partition has passed the poll's last offset" is exactly "all of the poll's rows
 * are committed and visible", for any poll size, in one cheap query for all polls in flight. Each sample is stamped
 * with the time its query was sent, and its snapshot is taken after that, so a poll first seen in a sample became
 * visible after the previous sample was sent and before this one was: the resolution is the sampling interval
 * (plus the query's dispatch, well under a millisecond on loopback), and it can only overstate a latency.
 */
final class ProgressSampler implements AutoCloseable {
    private static final String SELECT = "SELECT partition, next_offset FROM stream_progress "
            + "WHERE query = ? AND topic = ?";

    private final PgTarget target;
    private final String query;
    private final String topic;
    private final int partitions;
    private final Duration every;
    private long[] times = new long[4096];
    private long[] offsets;
    private int size;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;

    /**
     * @param query      the streaming query's name
     * @param partitions partitions of {@code topic}
     */
    ProgressSampler(PgTarget target, String query, String topic, int partitions, Duration every) {
        this.target = target;
        this.query = query;
        this.topic = topic;
        this.partitions = partitions;
        this.every = every;
        this.offsets = new long[times.length * partitions];
    }

    /** Starts sampling on its own thread; fails at once when the database cannot be read. */
    synchronized void start() throws SQLException {
        Connection connection = target.connect();
        PreparedStatement select = connection.prepareStatement(SELECT);
        select.setString(1, query);
        select.setString(2, topic);
        sample(select);
        running = true;
        thread = new Thread(() -> loop(connection, select), "bench-progress-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    Duration interval() {
        return every;
    }

    /**
     * The first sample, sent at or after {@code afterNanos}, in which every partition's stored position reached
     * {@code targets}; empty when none has yet.
     *
     * @param targets end offsets by partition ({@link PollSender.Sent#endOffsets()})
     * @return its {@link System#nanoTime()}
     */
    synchronized OptionalLong firstStored(long[] targets, long afterNanos) {
        // Positions only grow, so the samples that reached the targets are a suffix of the timeline.
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (reached(mid, targets)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        for (int i = low; i < size; i++) {
            if (times[i] >= afterNanos) {
                return OptionalLong.of(times[i]);
            }
        }
        return OptionalLong.empty();
    }

    /** Waits until a sample shows {@code targets} stored; false on timeout. */
    boolean await(long[] targets, Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new SQLException("sampling stream_progress failed: " + failure);
            }
            if (firstStored(targets, Long.MIN_VALUE).isPresent()) {
                return true;
            }
            Thread.sleep(every.toMillis());
        }
        return false;
    }

    /** Stops sampling and waits (bounded) for the sampler's thread to close its connection. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop(Connection connection, PreparedStatement select) {
        try (connection; select) {
            while (running) {
                sample(select);
                Thread.sleep(every.toMillis());
            }
        } catch (SQLException e) {
            failure = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(PreparedStatement select) throws SQLException {
        long[] row = new long[partitions];
        long sent = System.nanoTime();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                int partition = rs.getInt(1);
                if (partition >= 0 && partition < partitions) {
                    row[partition] = rs.getLong(2);
                }
            }
        }
        append(sent, row);
    }

    private synchronized void append(long time, long[] row) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2 * partitions);
        }
        times[size] = time;
        System.arraycopy(row, 0, offsets, size * partitions, partitions);
        size++;
    }

    private boolean reached(int sample, long[] targets) {
        for (int p = 0; p < partitions; p++) {
            if (offsets[sample * partitions + p] < targets[p]) {
                return false;
            }
        }
        return true;
    }
}
