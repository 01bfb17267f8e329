package io.cryptopipe.app.bench;

import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.stream.RunningStream;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The end-to-end throughput: a backlog published to Kafka before the stream starts (so the broker, not the
 * publisher, feeds it), then the real stream started on a fresh checkpoint and timed until
 * {@link RunningStream#drain} returns, i.e. until Spark's {@code processAllAvailable} saw everything committed.
 * The time includes the query's start and its first batch's warm-up, as a stream catching up after a restart pays
 * them; {@link BenchReport} also gives the steady rate of the later batches. Afterwards the tables must hold exactly
 * the backlog: every item a history row, every poll a ledger row, nothing rejected; anything else fails the run.
 */
final class EndToEnd {
    private final RowGenerator rows;
    private final BacklogPlan plan;
    private final PollSender sender;
    private final BenchEngines engines;

    EndToEnd(RowGenerator rows, BacklogPlan plan, PollSender sender, BenchEngines engines) {
        this.rows = rows;
        this.plan = plan;
        this.sender = sender;
        this.engines = engines;
    }

    /** Publishes the whole backlog, poll after poll, each acknowledged before the next (as ingest does). */
    Backlog publishBacklog() throws IOException, InterruptedException {
        long start = System.nanoTime();
        long records = 0;
        for (ArchivedPoll poll : plan.polls(rows)) {
            records += sender.publish(poll);
        }
        if (records != plan.records()) {
            throw new BenchFailure("published " + records + " item records, planned " + plan.records());
        }
        return new Backlog(plan.polls(), records, System.nanoTime() - start);
    }

    /**
     * Waits for the stream to store everything published, then checks the tables.
     *
     * @param startedNanos when the stream was asked to start
     */
    Result drain(RunningStream stream, long startedNanos, Duration timeout)
            throws InterruptedException, SQLException {
        boolean drained = stream.drain(timeout);
        long elapsed = System.nanoTime() - startedNanos;
        if (!drained) {
            throw new BenchFailure("the stream did not store the backlog within " + timeout.toSeconds() + " s"
                    + stream.failure().map(f -> " (it failed: " + f + ")").orElse(""));
        }
        long lastBatch = stream.lastProgress().map(p -> p.batchId()).orElse(-1L);
        long stored = engines.count("asset_snapshots");
        long rejected = engines.count("rejected_records");
        long ledger = engines.count("ingest_ledger");
        if (stored != plan.records() || rejected != 0 || ledger != plan.polls()) {
            throw new BenchFailure("lost rows: published " + plan.records() + " items in " + plan.polls()
                    + " polls, but asset_snapshots holds " + stored + " rows, ingest_ledger " + ledger
                    + ", rejected_records " + rejected);
        }
        return new Result(plan.records(), elapsed, lastBatch);
    }

    /** The published backlog: polls, item records (ledger records not counted), time to publish. */
    record Backlog(int polls, long records, long nanos) {
        double recordsPerSecond() {
            return records * 1e9 / Math.max(1, nanos);
        }
    }

    /**
     * @param nanos     from asking the stream to start until it had stored everything
     * @param lastBatch the last micro-batch of the run, so later batches can be told apart
     */
    record Result(long records, long nanos, long lastBatch) {
        double recordsPerSecond() {
            return records * 1e9 / Math.max(1, nanos);
        }
    }
}
