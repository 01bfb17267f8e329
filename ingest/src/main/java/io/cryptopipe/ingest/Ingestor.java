package io.cryptopipe.ingest;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.source.CoinCapClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming path's source: polls every configured entity on its own thread and turns each poll into archived,
 * then published, records, so that what reaches Kafka can always be rebuilt from the raw archive. Polls left
 * unpublished by a crash are published by {@link #republishUnpublished} before polling starts; polls the broker
 * cannot take while running are held back and published when it can (see {@link Backlog}). Does not own the
 * client, archive or publisher: closing it stops the pollers only.
 */
public final class Ingestor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
    /** After the grace, how long interrupted pollers get to unwind. */
    private static final Duration UNWIND = Duration.ofSeconds(10);

    private final IngestSettings settings;
    private final CoinCapClient client;
    private final RawArchive archive;
    private final Clock clock;
    private final CrashPoints crash;
    private final IngestCounters counters;
    private final Backlog backlog;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private boolean started;

    /**
     * @param clock the time of failed polls ({@code observed_at} of the attempt); schedules use a monotonic timer
     * @param crash where the crash tests halt the JVM ({@link CrashPoints#AFTER_ARCHIVE})
     */
    public Ingestor(IngestSettings settings, CoinCapClient client, RawArchive archive, PollPublisher publisher,
            Clock clock, CrashPoints crash) {
        this.settings = settings;
        this.client = client;
        this.archive = archive;
        this.clock = clock;
        this.crash = crash;
        this.counters = new IngestCounters(settings.intervals().keySet());
        this.backlog = new Backlog(archive, publisher, counters);
    }

    /**
     * Publishes, in archive order, the polls archived but never marked published (a crash between archive and
     * publish). Call it before {@link #start}: a running poller's own unpublished poll would be published twice.
     * Damaged archive tails are logged and skipped. When the broker refuses, the rest are held back and the
     * pollers publish them once it takes records again.
     *
     * @return how many polls were published
     * @throws IOException when the archive cannot be read
     */
    public int republishUnpublished() throws IOException, InterruptedException {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("republishUnpublished must run before start");
            }
        }
        RawArchive.Contents contents = archive.unpublished();
        contents.damaged().forEach(d -> LOG.warn("raw archive damaged, the polls before the damage are kept: {}", d));
        int published = backlog.republish(contents.polls());
        if (published > 0) {
            LOG.info("republished {} polls archived but not published before", published);
        }
        return published;
    }

    /** Starts one daemon thread per entity ({@code poll-<entity>}); each polls at once, then every interval. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        settings.intervals().forEach((entity, interval) -> {
            Thread thread = new Thread(new Poller(entity, settings, client, archive, backlog, counters, clock, crash,
                    stop), "poll-" + entity);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("{} stopped by an error", t.getName(), e));
            threads.add(thread);
            thread.start();
            LOG.info("polling {} every {} ms", entity, interval.toMillis());
        });
    }

    /**
     * Starts no new poll; a poll in flight may finish, archive and publish within {@code grace}, after which it is
     * interrupted. An interrupted poll that was archived stays unpublished and is republished by the next start's
     * {@link #republishUnpublished}. Returns when every poller has ended (or failed to within a further 10 s).
     */
    public void stop(Duration grace) {
        stop.countDown();
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            for (Thread thread : running) {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            }
            running.stream().filter(Thread::isAlive).forEach(t -> {
                LOG.info("{} still busy after the {} ms grace; interrupting it", t.getName(), grace.toMillis());
                t.interrupt();
            });
            long unwind = System.nanoTime() + UNWIND.toNanos();
            for (Thread thread : running) {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, unwind - System.nanoTime()));
                if (thread.isAlive()) {
                    LOG.warn("{} did not end within {} s of its interrupt", thread.getName(), UNWIND.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(Thread::interrupt);
        }
    }

    /** What it polls, at which intervals. */
    public IngestSettings settings() {
        return settings;
    }

    /** The client the pollers share (its rate limit and credit budget), e.g. for gap repair at lower priority. */
    public CoinCapClient client() {
        return client;
    }

    /** The raw archive the pollers append to, e.g. for its retention. */
    public RawArchive archive() {
        return archive;
    }

    /** Adds a listener told about every poll archived and published from now on (metrics). */
    public void addListener(IngestListener listener) {
        counters.addListener(listener);
    }

    /** A consistent snapshot; callable from any thread at any time. */
    public IngestStats stats() {
        return counters.snapshot(backlog.size());
    }

    /** Stops at once: {@link #stop} without grace. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
