package io.cryptopipe.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkTableTest {

    @Test
    void everyEntityNamesItsTables() {
        assertThat(SinkTable.forEntity("assets")).isEqualTo(SinkTable.ASSETS);
        assertThat(SinkTable.forEntity("rates").snapshots()).isEqualTo("rate_snapshots");
        assertThat(SinkTable.forEntity("exchanges").latest()).isEqualTo("exchanges");
        assertThat(SinkTable.forEntity("markets").keyColumns()).containsExactly("exchange_id", "base_id", "quote_id");
        for (SinkTable table : SinkTable.values()) {
            assertThat(SinkTable.forEntity(table.entity())).isEqualTo(table);
        }
    }

    @Test
    void anUnknownEntityIsRefused() {
        assertThatThrownBy(() -> SinkTable.forEntity("candles")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("candles");
        assertThatThrownBy(() -> SinkTable.forEntity("Assets")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void columnsStartWithTheKeyAndEndWithObservedAtButNotLastSeenAt() {
        for (SinkTable table : SinkTable.values()) {
            assertThat(table.columns().subList(0, table.keyColumns().size())).isEqualTo(table.keyColumns());
            assertThat(table.columns()).endsWith("observed_at").doesNotContain("last_seen_at");
        }
    }

    @Test
    void aSinkRowKeepsNullsAndCannotBeChangedFromOutside() {
        List<String> values = Arrays.asList("bitcoin", null);
        SinkRow row = new SinkRow(1, values);
        values.set(0, "changed");
        assertThat(row.values()).containsExactly("bitcoin", null);
        assertThatThrownBy(() -> row.values().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aBatchCountsItsEntityRowsAndIsEmptyOnlyWithoutAnythingToWrite() {
        SinkRow row = new SinkRow(1, List.of("x"));
        SinkBatch rows = new SinkBatch(Map.of(SinkTable.RATES, List.of(row, row), SinkTable.ASSETS, List.of(row)),
                List.of(), List.of(), List.of());
        assertThat(rows.entityRows()).isEqualTo(3);
        assertThat(rows.rowsOf(SinkTable.MARKETS)).isEmpty();
        assertThat(new SinkBatch(Map.of(), List.of(), List.of(), List.of()).isEmpty()).isTrue();
        assertThat(new SinkBatch(Map.of(SinkTable.ASSETS, List.of()), List.of(), List.of(), List.of()).isEmpty())
                .isTrue();
        assertThat(new SinkBatch(Map.of(), List.of(), List.of(), List.of(new Progress("q", "t", 0, 1, 1)))
                .isEmpty()).isFalse();
        assertThat(new SinkBatch(Map.of(), List.of(new RejectRow("t", 0, 1, null, null, "r", Instant.EPOCH)),
                List.of(), List.of()).isEmpty()).isFalse();
    }

    @Test
    void countsHoldEveryTable() {
        SinkCounts counts = new SinkCounts(Map.of(SinkTable.ASSETS, 2), Map.of(), 0, 0);
        assertThat(counts.snapshotRowsInserted()).containsEntry(SinkTable.ASSETS, 2)
                .containsEntry(SinkTable.MARKETS, 0).hasSize(4);
        assertThat(counts.latestRowsChanged()).hasSize(4).doesNotContainValue(1);
    }
}
