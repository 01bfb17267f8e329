package io.cryptopipe.ingest.upkeep;

import java.time.Duration;
import java.time.Instant;

/**
 * The intervals of {@code /assets/{id}/history}, finest first, and which one a gap is repaired at: the finest whose
 * points over the gap number at most {@link #MAX_POINTS}, a day of minutes, which is the window CoinCap answers for
 * {@code m1} when asked without {@code start} and {@code end} (its limits per interval are not documented). So m1
 * for gaps up to a day, m5 up to 5 days, m15 up to 15, m30 up to 30, h1 up to 60, and so on; d1 beyond.
 */
public enum HistoryInterval {
    M1("m1", 60), M5("m5", 300), M15("m15", 900), M30("m30", 1_800), H1("h1", 3_600), H2("h2", 7_200),
    H6("h6", 21_600), H12("h12", 43_200), D1("d1", 86_400);

    /** Points one repair request may cover. */
    public static final int MAX_POINTS = 1_440;

    private final String wire;
    private final long seconds;

    HistoryInterval(String wire, long seconds) {
        this.wire = wire;
        this.seconds = seconds;
    }

    /** The finest interval that covers a gap this long in one request. */
    public static HistoryInterval finestFor(Duration gap) {
        for (HistoryInterval interval : values()) {
            if (gap.toSeconds() <= interval.seconds * MAX_POINTS) {
                return interval;
            }
        }
        return D1;
    }

    /** As the {@code interval} parameter spells it, e.g. {@code m1}. */
    public String wire() {
        return wire;
    }

    public Duration step() {
        return Duration.ofSeconds(seconds);
    }

    /**
     * Whether a point of this interval can fall in {@code [start, end)}. CoinCap's points sit on whole steps since
     * the epoch (minute and hour points on the minute or hour, d1 on UTC midnight, as its answers show), so a gap
     * shorter than a step that holds no step boundary has nothing to fetch: a 10 s assets slot mostly holds no m1
     * point.
     */
    public boolean hasPointIn(Instant start, Instant end) {
        long step = seconds * 1_000;
        long first = Math.floorDiv(start.toEpochMilli() + step - 1, step) * step;
        return first < end.toEpochMilli();
    }
}
