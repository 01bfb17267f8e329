package io.cryptopipe.app.bench;

import io.cryptopipe.ingest.ArchivedPoll;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows every throughput phase stores: {@code records} asset items in polls of {@code pollSize} (the
 * {@code up} shape: 2000 assets a poll), the polls {@link #SPACING} apart and ending before {@code end}, so every
 * poll has its own {@code observed_at} and every item is a new history row. The COPY baselines and the end-to-end
 * run iterate the same plan, so they store the very same rows.
 *
 * @param end the poll times lie before it; the freshness polls come after it
 */
record BacklogPlan(int records, int pollSize, Instant end) {
    /** {@code up}'s default interval between asset polls on the simulator. */
    static final Duration SPACING = Duration.ofSeconds(10);

    BacklogPlan {
        if (records < 1 || pollSize < 1) {
            throw new IllegalArgumentException("records and poll size must be positive: " + records + ", " + pollSize);
        }
    }

    int polls() {
        return (records + pollSize - 1) / pollSize;
    }

    /** The polls in publishing order, generated one at a time so that a million items never sit in memory. */
    Iterable<ArchivedPoll> polls(RowGenerator rows) {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < polls();
            }

            @Override
            public ArchivedPoll next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int index = next++;
                int size = Math.min(pollSize, records - index * pollSize);
                Instant observed = end.minus(SPACING.multipliedBy(polls() - index));
                return rows.poll(index, 0, size, observed, observed.plusMillis(150), size == pollSize);
            }
        };
    }
}
