package io.cryptopipe.app.bench;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.stream.PgTarget;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Freshness: how long after a poll was fetched all of its rows are committed in PostgreSQL, with the stream running
 * and caught up. Each poll is stamped {@code fetched_at} = now, then handled the way the client and a poller do:
 * its pages parsed by the {@code core} parser, the poll archived (forced to disk) and published, every record
 * acknowledged ({@link PollSender#archiveAndPublish}); {@link ProgressSampler} tells when the stream had stored it.
 * Polls are sent on a fixed schedule (a late poll does not shift the ones after it). Their item text is generated
 * before the phase starts, so generation takes nothing from the stream; only the HTTP fetch itself is absent.
 *
 * <p>Two shapes: {@link #steady} (a rate in small polls every 100 ms, after a warm-up) and {@link #bursts}
 * ({@code up}'s real shape: 2000 assets at once every 10 s, a page and the empty page after it).
 */
final class Freshness {
    /** How long the last poll of a phase may take to be stored before the run fails. */
    private static final Duration SETTLE = Duration.ofSeconds(120);

    private final RowGenerator rows;
    private final PollSender sender;
    private final ProgressSampler sampler;
    private final PgTarget target;
    private final CoinCapParser parser = new CoinCapParser(ApiShape.V3);
    private long lastObservedMillis;
    private long nextIndex = 1_000_000_000L;

    /**
     * @param notBefore every poll's {@code observed_at} is after it (and after every earlier one), so no row of a
     *                  freshness poll collides with the backlog's
     */
    Freshness(RowGenerator rows, PollSender sender, ProgressSampler sampler, PgTarget target, Instant notBefore) {
        this.rows = rows;
        this.sender = sender;
        this.sampler = sampler;
        this.target = target;
        this.lastObservedMillis = notBefore.toEpochMilli();
    }

    /**
     * Publishes {@code itemsPerPoll} assets every {@code every} for {@code warmup + window}; only polls fetched
     * after the warm-up are measured.
     */
    Result steady(int itemsPerPoll, Duration every, Duration warmup, Duration window)
            throws IOException, InterruptedException, SQLException {
        int count = (int) ((warmup.toNanos() + window.toNanos() + every.toNanos() - 1) / every.toNanos());
        List<ArchivedPoll> polls = make(count, every, k -> (int) Math.floorMod(k * itemsPerPoll,
                (long) rows.universe()), itemsPerPoll, false);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + window.toNanos();
        List<Published> published = new ArrayList<>();
        for (int k = 0; k < polls.size(); k++) {
            published.add(publishAt(start + k * every.toNanos(), polls.get(k), itemsPerPoll));
        }
        long finished = System.nanoTime();
        List<Published> measured = published.stream().filter(p -> p.fetchedNanos >= measureFrom).toList();
        return settle(published, measured, Math.min(finished, end) - measureFrom);
    }

    /** Publishes {@code count} polls of {@code items} assets, {@code every} apart, each shaped like {@code up}'s. */
    Result bursts(int items, Duration every, int count) throws IOException, InterruptedException, SQLException {
        List<ArchivedPoll> polls = make(count, every, k -> 0, items, true);
        long start = System.nanoTime();
        List<Published> published = new ArrayList<>();
        for (int k = 0; k < polls.size(); k++) {
            published.add(publishAt(start + k * every.toNanos(), polls.get(k), items));
        }
        return settle(published, published, Math.max(1, System.nanoTime() - start));
    }

    /**
     * The phase's polls, made before it starts so that generating item text takes no CPU from the stream while it
     * is measured. Each gets its own {@code observed_at}, {@code every} apart, after every earlier one.
     */
    private List<ArchivedPoll> make(int count, Duration every, java.util.function.LongToIntFunction from, int items,
            boolean emptyTail) {
        long base = Math.max(System.currentTimeMillis(), lastObservedMillis + 1);
        long step = Math.max(1, every.toMillis());
        List<ArchivedPoll> polls = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            Instant observed = Instant.ofEpochMilli(base + k * step);
            polls.add(rows.poll(nextIndex++, from.applyAsInt(k), items, observed, observed, emptyTail));
        }
        lastObservedMillis = base + (count - 1L) * step;
        return polls;
    }

    /**
     * At {@code dueNanos}: stamps the poll fetched now, parses its pages as the client does after each answer, then
     * archives and publishes it as the poller does.
     */
    private Published publishAt(long dueNanos, ArchivedPoll made, int items)
            throws IOException, InterruptedException {
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        Instant fetchedAt = Instant.now();
        long fetched = System.nanoTime();
        for (ArchivedPoll.Page page : made.pages()) {
            if (parser.parseList(Entity.ASSET, page.body()) instanceof ParsedResponse.Failure<?> failure) {
                throw new BenchFailure("a generated page does not parse: " + failure.message());
            }
        }
        ArchivedPoll poll = fetchedAt(made, fetchedAt);
        PollSender.Sent sent = sender.archiveAndPublish(poll);
        return new Published(fetched, sent, items, poll.observedAt());
    }

    /** Waits until the last poll is stored, then reads every poll's latency and checks its rows are all there. */
    private Result settle(List<Published> all, List<Published> measured, long spanNanos)
            throws InterruptedException, SQLException {
        if (all.isEmpty()) {
            return new Result(new long[0], new long[0], 0, 0, 0);
        }
        Published last = all.get(all.size() - 1);
        if (!sampler.await(last.sent.endOffsets(), SETTLE)) {
            throw new BenchFailure("the stream did not store the freshness polls within " + SETTLE.toSeconds()
                    + " s of the last one");
        }
        long[] latency = new long[measured.size()];
        long[] publish = new long[measured.size()];
        long items = 0;
        for (int i = 0; i < measured.size(); i++) {
            Published p = measured.get(i);
            OptionalLong visible = sampler.firstStored(p.sent.endOffsets(), p.fetchedNanos);
            if (visible.isEmpty()) {
                throw new BenchFailure("the poll observed at " + p.observedAt + " was never seen stored");
            }
            latency[i] = visible.getAsLong() - p.fetchedNanos;
            publish[i] = p.sent.ackedNanos() - p.fetchedNanos;
            items += p.items;
        }
        long expected = all.stream().mapToLong(p -> p.items).sum();
        long stored = countRows(all.get(0).observedAt, last.observedAt);
        if (stored != expected) {
            throw new BenchFailure("lost rows: the freshness polls published " + expected + " items but "
                    + "asset_snapshots holds " + stored + " rows for their observed_at");
        }
        return new Result(latency, publish, measured.size(), items, items * 1e9 / spanNanos);
    }

    private long countRows(Instant first, Instant last) throws SQLException {
        try (Connection connection = target.connect();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM asset_snapshots WHERE observed_at BETWEEN ? AND ?")) {
            count.setTimestamp(1, Timestamp.from(first));
            count.setTimestamp(2, Timestamp.from(last));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The poll with every page stamped as fetched at {@code fetchedAt}. */
    private static ArchivedPoll fetchedAt(ArchivedPoll poll, Instant fetchedAt) {
        List<ArchivedPoll.Page> pages = poll.pages().stream()
                .map(p -> new ArchivedPoll.Page(p.offset(), p.status(), fetchedAt, p.body())).toList();
        return new ArchivedPoll(poll.pollId(), poll.entity(), poll.source(), poll.api(), poll.observedAt(),
                poll.outcome(), poll.reason(), poll.requests(), poll.rejected(), poll.driftJson(), pages);
    }

    private record Published(long fetchedNanos, PollSender.Sent sent, int items, Instant observedAt) {
    }

    /**
     * The measured polls of one phase.
     *
     * @param latencyNanos  fetch to all rows committed, per poll
     * @param publishNanos  fetch to every record acknowledged (archive and publish), per poll
     * @param itemsPerSecond the rate achieved over the measured span
     */
    record Result(long[] latencyNanos, long[] publishNanos, int polls, long items, double itemsPerSecond) {
    }
}
