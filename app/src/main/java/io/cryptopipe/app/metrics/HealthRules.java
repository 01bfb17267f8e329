package io.cryptopipe.app.metrics;

import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.IngestStats;
import io.cryptopipe.serve.ComponentHealth;
import io.cryptopipe.serve.ComponentHealth.Status;
import io.cryptopipe.source.PriceSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How each component's health is judged, from plain values, so the rules are tested without running anything.
 * Details are one line, never a secret (URLs masked) and never a stack trace.
 */
public final class HealthRules {
    /** An entity's poll counts as late when older than this many intervals. */
    public static final int LATE_INTERVALS = 3;
    private static final int MAX_DETAIL = 200;

    private HealthRules() {
    }

    /** A component this command does not run. */
    public static ComponentHealth off(String name, String why) {
        return new ComponentHealth(name, Status.OFF, line(why));
    }

    /**
     * An entity's ingest: DEGRADED when its last poll failed or was refused, or when the last poll (or, before any,
     * the start) is older than {@link #LATE_INTERVALS} intervals; UP otherwise.
     */
    public static ComponentHealth ingest(String entity, IngestStats.Entity stats, Duration interval, Instant startedAt,
            Instant now) {
        String name = "ingest." + entity;
        Duration late = interval.multipliedBy(LATE_INTERVALS);
        String every = " (every " + shown(interval) + ")";
        if (stats == null || stats.lastOutcome() == null) {
            Duration waited = Duration.between(startedAt, now);
            return waited.compareTo(late) > 0
                    ? new ComponentHealth(name, Status.DEGRADED, "no poll yet, " + shown(waited) + " after start"
                            + every)
                    : new ComponentHealth(name, Status.UP, "starting: no poll yet" + every);
        }
        Duration age = Duration.between(stats.lastObservedAt(), now);
        String ago = shown(age.isNegative() ? Duration.ZERO : age) + " ago";
        if (stats.lastOutcome() == ArchivedPoll.Outcome.FAILED) {
            return new ComponentHealth(name, Status.DEGRADED, line("last poll failed " + ago + ": "
                    + Optional.ofNullable(stats.lastReason()).orElse("?") + "; " + stats.failed() + " failed so far"));
        }
        if (stats.lastOutcome() == ArchivedPoll.Outcome.REFUSED) {
            return new ComponentHealth(name, Status.DEGRADED, line("last poll refused by the credit budget " + ago
                    + "; polls resume on the next UTC day"));
        }
        if (age.compareTo(late) > 0) {
            return new ComponentHealth(name, Status.DEGRADED, line("last poll " + ago + ", more than "
                    + LATE_INTERVALS + " intervals" + every));
        }
        return new ComponentHealth(name, Status.UP, line("last poll ok " + ago + every + ", "
                + stats.itemsPublished() + " items published"));
    }

    /** The streaming query: DOWN when it failed (with why) or stopped; UP while active. */
    public static ComponentHealth stream(String query, boolean active, Optional<String> failure,
            Optional<Duration> lastBatchAge) {
        if (failure.isPresent()) {
            return new ComponentHealth("stream", Status.DOWN, line("query " + query + " failed: " + failure.get()));
        }
        if (!active) {
            return new ComponentHealth("stream", Status.DOWN, line("query " + query + " is not running"));
        }
        return new ComponentHealth("stream", Status.UP, line("query " + query + " active, " + lastBatchAge
                .map(a -> "last batch stored " + shown(a) + " ago").orElse("no batch stored yet")));
    }

    /**
     * Live prices: UP on the open socket; DEGRADED on the REST fallback (prices still flow, but at the assets
     * interval and for credits), while reconnecting, or when ticks were lost in the last minute; DOWN once closed.
     */
    public static ComponentHealth prices(PriceSocket.State state, long published, long failed,
            boolean lostRecently) {
        String counts = published + " ticks published" + (failed > 0 ? ", " + failed + " lost" : "");
        String lost = lostRecently ? "; ticks could not be published in the last minute (Kafka?)" : "";
        return switch (state) {
            case OPEN -> new ComponentHealth("prices", lostRecently ? Status.DEGRADED : Status.UP,
                    line("socket open, " + counts + lost));
            case FALLBACK -> new ComponentHealth("prices", Status.DEGRADED,
                    line("socket refused or absent; REST prices at the assets interval, " + counts + lost));
            case NEW, CONNECTING, BACKOFF -> new ComponentHealth("prices", Status.DEGRADED,
                    line("socket " + state.name().toLowerCase(Locale.ROOT) + ", " + counts + lost));
            case CLOSED -> new ComponentHealth("prices", Status.DOWN, line("socket closed, " + counts));
        };
    }

    /**
     * A dependency checked in the background: UP when the last check succeeded and is recent; DOWN with the error
     * when it failed; DEGRADED when no check finished recently (the check itself hangs).
     *
     * @param lastOk    when a check last succeeded; null if never
     * @param lastError the last check's error, null when it succeeded
     */
    public static ComponentHealth dependency(String name, String shownTarget, Instant lastOk, String lastError,
            Instant lastCheck, Duration every, Instant now, String okDetail) {
        String target = line(shownTarget); // masked on its own: a masked password runs to the next ';' or '&'
        if (lastCheck == null) {
            return new ComponentHealth(name, Status.UP, bounded(target + ": not checked yet"));
        }
        if (lastError != null) {
            return new ComponentHealth(name, Status.DOWN, bounded(target + ": " + line(lastError) + (lastOk == null
                    ? "" : "; last reached " + shown(Duration.between(lastOk, now)) + " ago")));
        }
        Duration since = Duration.between(lastCheck, now);
        if (since.compareTo(every.multipliedBy(LATE_INTERVALS)) > 0) {
            return new ComponentHealth(name, Status.DEGRADED, bounded(target + ": last check finished "
                    + shown(since) + " ago"));
        }
        return new ComponentHealth(name, Status.UP, bounded(target + (okDetail.isEmpty() ? "" : ", "
                + line(okDetail))));
    }

    /**
     * The batch scheduler: OFF when off; DEGRADED when the last finished run of some step failed; UP otherwise.
     *
     * @param failedStep the step whose last finished run failed, with its partition, if any
     */
    public static ComponentHealth batch(Optional<Duration> every, Optional<String> failedStep) {
        if (every.isEmpty() || every.get().isZero()) {
            return off("batch", "scheduler off (--batch-every off); days run with 'cryptopipe batch run'");
        }
        String base = "scheduler every " + shown(every.get());
        return failedStep.map(f -> new ComponentHealth("batch", Status.DEGRADED, line(base + "; last run failed: "
                + f))).orElseGet(() -> new ComponentHealth("batch", Status.UP, line(base)));
    }

    /** One masked line of at most 200 characters. */
    static String line(String text) {
        return bounded(ResolvedConfig.maskUrl(text.lines().findFirst().orElse("").strip()));
    }

    private static String bounded(String one) {
        return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL - 3) + "...";
    }

    /** {@code 1m30s}, {@code 45s}, {@code 250ms}. */
    static String shown(Duration d) {
        if (d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        return d.withNanos(0).toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
