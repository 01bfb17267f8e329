package io.cryptopipe.serve;

import java.util.Objects;

/**
 * One component's health for {@code /health} and the pipeline page.
 *
 * @param name   component, e.g. postgresql, kafka, stream, ingest.assets, prices, batch
 * @param status how it is
 * @param detail one line a person can act on (never a secret, never a stack trace)
 */
public record ComponentHealth(String name, Status status, String detail) {
    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** UP and OFF (not configured to run) are healthy; DEGRADED works with faults; DOWN does not work. */
    public enum Status {
        UP, DEGRADED, DOWN, OFF;

        public boolean healthy() {
            return this == UP || this == OFF;
        }
    }
}
