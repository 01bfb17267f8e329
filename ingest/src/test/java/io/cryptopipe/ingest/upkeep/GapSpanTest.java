package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gaps that touch or overlap are repaired as one span: one request per asset for a whole outage. */
class GapSpanTest {
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void touchingAndOverlappingGapsMergeAndSeparateOnesStaySeparate() {
        List<GapSpan> spans = GapSpan.merge(List.of(
                gap(40, 50, "failed"), gap(0, 10, "failed"), gap(10, 20, "failed"), gap(20, 35, "not polled"),
                gap(30, 32, "refused by budget")));
        assertThat(spans).containsExactly(
                new GapSpan(T, T.plusSeconds(35), Set.of("failed", "not polled", "refused by budget")),
                new GapSpan(T.plusSeconds(40), T.plusSeconds(50), Set.of("failed")));
    }

    private static GapSpan gap(int from, int to, String reason) {
        return new GapSpan(T.plusSeconds(from), T.plusSeconds(to), Set.of(reason));
    }
}
