package io.cryptopipe.ingest;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.Endpoint;
import io.cryptopipe.source.Endpoints;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one entity until stopped. One poll is: read every page, force the answers into the raw archive, then
 * publish; nothing is published that was not archived first. Failed and refused polls are archived and published
 * (as ledger records) the same way. Polls start every interval measured start to start; a poll that overruns its
 * interval is followed at once, never by a burst of missed ones. No exception ends the loop except a stop.
 */
final class Poller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final String entity;
    private final Endpoint<?> endpoint;
    private final Duration interval;
    private final IngestSettings settings;
    private final CoinCapClient client;
    private final RawArchive archive;
    private final Backlog backlog;
    private final IngestCounters counters;
    private final Clock clock;
    private final CrashPoints crash;
    private final CountDownLatch stop;
    /** The last failure said in the log, so a lasting one is said once; null after a success. */
    private String lastFailure;

    Poller(String entity, IngestSettings settings, CoinCapClient client, RawArchive archive, Backlog backlog,
            IngestCounters counters, Clock clock, CrashPoints crash, CountDownLatch stop) {
        this.entity = entity;
        this.endpoint = endpoint(entity);
        this.interval = settings.intervals().get(entity);
        this.settings = settings;
        this.client = client;
        this.archive = archive;
        this.backlog = backlog;
        this.counters = counters;
        this.clock = clock;
        this.crash = crash;
        this.stop = stop;
    }

    /** The endpoint that lists an entity whole. */
    static Endpoint<?> endpoint(String entity) {
        return switch (entity) {
            case "assets" -> Endpoints.assets();
            case "rates" -> Endpoints.rates();
            case "exchanges" -> Endpoints.exchanges();
            case "markets" -> Endpoints.markets();
            default -> throw new IllegalArgumentException(entity + " is not one of " + PollPublisher.ENTITIES);
        };
    }

    @Override
    public void run() {
        long next = System.nanoTime(); // monotonic: a wall-clock step must not stall or rush the schedule
        try {
            while (!stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                next = System.nanoTime() + interval.toNanos();
                try {
                    backlog.retry();
                    if (stop.getCount() == 0 || !pollOnce()) {
                        return; // a stop came during the retry (no new poll then), or interrupted the poll
                    }
                } catch (RuntimeException e) {
                    LOG.error("{} poll failed unexpectedly; polling goes on", entity, e);
                }
            }
        } catch (InterruptedException e) {
            LOG.debug("{} poller interrupted", entity);
        }
    }

    /**
     * One poll, archived and published.
     *
     * @return false when the poll was interrupted (a stop), so polling ends
     */
    boolean pollOnce() throws InterruptedException {
        Instant attemptedAt = clock.instant();
        ArchivedPoll poll;
        try {
            poll = ArchivedPoll.ok(client.poll(endpoint), settings.source(), settings.api(), interval);
            if (lastFailure != null) {
                LOG.info("{} polls succeed again", entity);
                lastFailure = null;
            }
        } catch (CoinCapException e) {
            if (e.kind() == CoinCapException.Kind.INTERRUPTED) {
                return false;
            }
            poll = ArchivedPoll.failed(entity, settings.source(), settings.api(), attemptedAt, clock.instant(), e,
                    interval);
            say(e);
        }
        try {
            archive.append(poll);
        } catch (IOException e) {
            LOG.error("cannot archive a {} poll, so it is not published: {}", entity, e.toString());
            return true;
        }
        counters.polled(poll);
        crash.reach(CrashPoints.AFTER_ARCHIVE);
        backlog.publish(poll);
        return true;
    }

    /** Says a failure when it differs from the last one, so an outage or a refused key is said once. */
    private void say(CoinCapException e) {
        String kind = e.kind().name();
        if (kind.equals(lastFailure)) {
            LOG.debug("{} poll failed again: {}", entity, e.getMessage());
            return;
        }
        lastFailure = kind;
        if (e.kind() == CoinCapException.Kind.AUTH) {
            LOG.error("{} poll refused: {}; said again only if this changes", entity, e.getMessage());
        } else {
            LOG.warn("{} poll failed ({}): {}; said again only if this changes", entity, kind, e.getMessage());
        }
    }
}
