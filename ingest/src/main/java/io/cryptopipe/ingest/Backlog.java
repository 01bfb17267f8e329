package io.cryptopipe.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes archived polls, and holds back those the broker could not take until it can again, so nothing is lost
 * while Kafka is away: the polls themselves stay in the archive, only their ids are held here. While anything is
 * held back, new polls join the queue without trying (a down broker costs a send timeout per attempt, and one
 * poller paying it is enough), and {@link #retry} publishes the queue in archive order, one poller at a time. An
 * outage is logged when it begins and when it ends, not per poll. Thread-safe.
 */
final class Backlog {
    private static final Logger LOG = LoggerFactory.getLogger(Backlog.class);

    private final RawArchive archive;
    private final PollPublisher publisher;
    private final IngestCounters counters;
    /** Held-back poll ids and their {@code observed_at}, which locates them in the archive. */
    private final Map<UUID, Instant> held = new ConcurrentHashMap<>();
    private final ReentrantLock retrying = new ReentrantLock();
    private final Object outage = new Object();
    private boolean down;

    Backlog(RawArchive archive, PollPublisher publisher, IngestCounters counters) {
        this.archive = archive;
        this.publisher = publisher;
        this.counters = counters;
    }

    int size() {
        return held.size();
    }

    /** Publishes a freshly archived poll, or holds it back when the broker is away. */
    void publish(ArchivedPoll poll) throws InterruptedException {
        if (!held.isEmpty()) {
            hold(poll, null);
            return;
        }
        try {
            counters.published(poll, publisher.publish(poll), false);
        } catch (IOException e) {
            counters.publishFailed(poll, e);
            hold(poll, e);
        }
    }

    /**
     * Publishes polls left unpublished in order, holding back the rest at the first failure.
     *
     * @return how many were published
     */
    int republish(List<ArchivedPoll> polls) throws InterruptedException {
        for (int i = 0; i < polls.size(); i++) {
            try {
                counters.published(polls.get(i), publisher.publish(polls.get(i)), true);
            } catch (IOException e) {
                counters.publishFailed(polls.get(i), e);
                for (ArchivedPoll rest : polls.subList(i, polls.size())) {
                    hold(rest, e);
                }
                return i;
            }
        }
        return polls.size();
    }

    /**
     * Publishes the held-back polls in archive order, unless another poller is at it or none is held; stops at the
     * first failure. Held polls the archive no longer yields (a damaged file) are dropped from the queue, said once.
     */
    void retry() throws InterruptedException {
        if (held.isEmpty() || !retrying.tryLock()) {
            return;
        }
        try {
            // The ids first: any poll held after this was archived after it too, and is left for the next retry.
            Set<UUID> ids = new HashSet<>(held.keySet());
            Instant since = ids.stream().map(held::get).min(Instant::compareTo).orElseThrow();
            RawArchive.Contents contents;
            try {
                contents = archive.unpublished(since);
            } catch (IOException e) {
                LOG.warn("cannot read the raw archive to publish the {} polls held back: {}", ids.size(), e.toString());
                return;
            }
            for (ArchivedPoll poll : contents.polls()) {
                if (!ids.contains(poll.pollId())) {
                    continue;
                }
                try {
                    counters.published(poll, publisher.publish(poll), true);
                } catch (IOException e) {
                    counters.publishFailed(poll, e);
                    LOG.debug("the broker still refuses: {}", e.toString());
                    return;
                }
                held.remove(poll.pollId());
                ids.remove(poll.pollId());
            }
            if (!ids.isEmpty()) {
                LOG.warn("{} held-back polls are no longer readable in the raw archive ({}); they are not published",
                        ids.size(), contents.damaged());
                ids.forEach(held::remove);
            }
            recovered();
        } finally {
            retrying.unlock();
        }
    }

    private void hold(ArchivedPoll poll, IOException cause) {
        synchronized (outage) {
            held.put(poll.pollId(), poll.observedAt());
            if (!down) {
                down = true;
                LOG.warn("cannot publish to Kafka ({}); polls stay in the raw archive and are published when it is "
                        + "back (said again only then)", cause == null ? "a publish failed" : cause.getMessage());
            }
        }
    }

    private void recovered() {
        synchronized (outage) {
            if (down && held.isEmpty()) {
                down = false;
                LOG.info("Kafka takes polls again; the polls held back are published");
            }
        }
    }
}
