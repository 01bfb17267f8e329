package io.cryptopipe.warehouse;

import io.cryptopipe.core.batch.Partition;
import java.time.Instant;
import java.util.Objects;

/**
 * What one run is for; the runner writes it to {@code main.run_context} ({@code partition_date DATE},
 * {@code window_start TIMESTAMPTZ}, {@code window_end TIMESTAMPTZ}) before the models, which read it as
 * {@code {{ source('batch', 'run_context') }}}.
 *
 * @param fullRefresh rebuild incremental models from scratch instead of replacing the rows of this run
 */
public record RunContext(Partition partition, Instant windowStart, Instant windowEnd, boolean fullRefresh) {
    public RunContext {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
    }

    /** The partition's whole day, {@code [start, end)}. */
    public static RunContext of(Partition partition, boolean fullRefresh) {
        return new RunContext(partition, partition.start(), partition.end(), fullRefresh);
    }
}
