package io.cryptopipe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.batch.Partition;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The table catalogue, the lake paths and the hour predicates, without a database. */
class LakeTableTest {
    static final Partition DAY = new Partition(LocalDate.of(2026, 11, 20));

    @Test
    void everyTableNamesItsPostgresTableKeyAndDecimalColumns() {
        assertThat(LakeTable.ASSET_SNAPSHOTS.tableName()).isEqualTo("asset_snapshots");
        assertThat(LakeTable.ASSET_SNAPSHOTS.keyColumns()).containsExactly("id", "observed_at");
        assertThat(LakeTable.ASSET_SNAPSHOTS.decimalColumns()).containsExactly("supply", "max_supply",
                "market_cap_usd", "volume_usd_24hr", "price_usd", "change_percent_24hr", "vwap_24hr");
        assertThat(LakeTable.MARKET_SNAPSHOTS.keyColumns())
                .containsExactly("exchange_id", "base_id", "quote_id", "observed_at");
        assertThat(LakeTable.INGEST_LEDGER.keyColumns()).containsExactly("poll_id");
        assertThat(LakeTable.INGEST_LEDGER.decimalColumns()).isEmpty();
        for (LakeTable t : LakeTable.values()) {
            assertThat(t.columns()).as(t.tableName()).contains(LakeTable.TIME_COLUMN).containsAll(t.keyColumns());
            assertThat(t.sparkSchema().fieldNames()).containsExactlyElementsOf(t.columns());
        }
    }

    @Test
    void theLedgerDropsTheArchivedBodyAndCarriesUuidAndJsonAsText() {
        assertThat(LakeTable.INGEST_LEDGER.columns()).doesNotContain("archived_body").contains("drift",
                "interval_ms");
        assertThat(LakeExtractor.selectSql(LakeTable.INGEST_LEDGER)).contains("poll_id::text AS poll_id",
                "drift::text AS drift").doesNotContain("archived_body");
    }

    @Test
    void decimalsAreRoundedToEighteenPlacesAndNulledFromTheBound() {
        assertThat(LakeExtractor.decimalExpression("price_usd")).isEqualTo(
                "CASE WHEN abs(price_usd) < 99999999999999999999.9999999999999999995 THEN round(price_usd, 18) END");
        assertThat(LakeTable.RATE_SNAPSHOTS.customSchema()).isEqualTo("rate_usd DECIMAL(38,18)");
    }

    @Test
    void theDayIsSplitIntoTwentyFourHalfOpenUtcHours() {
        String[] hours = LakeExtractor.hourPredicates(DAY);
        assertThat(hours).hasSize(24);
        assertThat(hours[0]).isEqualTo("observed_at >= timestamptz '2026-11-20 00:00:00+00' AND observed_at"
                + " < timestamptz '2026-11-20 01:00:00+00'");
        assertThat(hours[23]).endsWith("< timestamptz '2026-11-21 00:00:00+00'");
    }

    @Test
    void partitionsLiveUnderTheTableInHiveStyleDirectoriesAndScratchOutsideThem() {
        LakeLayout layout = new LakeLayout(Path.of("/data/lake"));
        assertThat(layout.partitionDir(LakeTable.MARKET_SNAPSHOTS, DAY))
                .isEqualTo(Path.of("/data/lake/market_snapshots/date=2026-11-20"));
        assertThat(layout.tmpDir()).isEqualTo(Path.of("/data/lake/_tmp"));
        assertThat(layout.parquetGlob(LakeTable.RATE_SNAPSHOTS)).isEqualTo("/data/lake/rate_snapshots/*/*.parquet");
        assertThat(layout.exists(LakeTable.RATE_SNAPSHOTS, DAY)).isFalse();
    }
}
