package io.cryptopipe.ingest.upkeep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A time span repaired as one: one or more gaps of {@code ingest_gaps} that touch or overlap (a run of failed polls,
 * a failed poll and the unpolled time after it), so an outage costs one history request per asset, not one per
 * missed poll.
 *
 * @param start   inclusive
 * @param end     exclusive
 * @param reasons the gaps' reasons
 */
public record GapSpan(Instant start, Instant end, Set<String> reasons) {
    public GapSpan {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a gap ends after it starts: " + start + " .. " + end);
        }
        reasons = Set.copyOf(reasons);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The spans the gaps form, in time order: gaps that touch or overlap become one. */
    public static List<GapSpan> merge(List<GapSpan> gaps) {
        List<GapSpan> sorted = new ArrayList<>(gaps);
        sorted.sort(Comparator.comparing(GapSpan::start).thenComparing(GapSpan::end));
        List<GapSpan> spans = new ArrayList<>();
        GapSpan current = null;
        for (GapSpan gap : sorted) {
            if (current != null && !gap.start().isAfter(current.end())) {
                Set<String> reasons = new TreeSet<>(current.reasons());
                reasons.addAll(gap.reasons());
                current = new GapSpan(current.start(), gap.end().isAfter(current.end()) ? gap.end() : current.end(),
                        reasons);
            } else {
                if (current != null) {
                    spans.add(current);
                }
                current = gap;
            }
        }
        if (current != null) {
            spans.add(current);
        }
        return spans;
    }
}
