package io.cryptopipe.ingest.upkeep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.core.config.ConfigException;
import io.cryptopipe.core.config.ResolvedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repair and retention settings from the configuration: the documented defaults, and off for each part. */
class UpkeepSettingsTest {
    @Test
    void defaultsRepairEveryFiveMinutesAndKeepSnapshotsAndRawAMonthAndKafkaAWeek() {
        UpkeepSettings settings = UpkeepSettings.from(ResolvedConfig.resolve(Map.of(), Map.of()));
        assertThat(settings.repairEvery()).contains(Duration.ofMinutes(5));
        assertThat(settings.repair().maxAssets()).isEqualTo(100);
        assertThat(settings.retention().snapshots()).contains(Duration.ofDays(30));
        assertThat(settings.retention().kafka()).contains(Duration.ofDays(7));
        assertThat(settings.retention().raw()).contains(Duration.ofDays(30));
    }

    @Test
    void offTurnsEachPartOff() {
        UpkeepSettings settings = UpkeepSettings.from(ResolvedConfig.resolve(Map.of("repair-every", "off",
                "retention-snapshots", "OFF", "kafka-retention", "off"), Map.of("CRYPTOPIPE_RAW_RETENTION", "off")));
        assertThat(settings.repairEvery()).isEmpty();
        assertThat(settings.retention().snapshots()).isEqualTo(Optional.empty());
        assertThat(settings.retention().kafka()).isEmpty();
        assertThat(settings.retention().raw()).isEmpty();
    }

    @Test
    void anythingElseThanADurationOrOffIsAConfigurationError() {
        assertThatThrownBy(() -> ResolvedConfig.resolve(Map.of("raw-retention", "never"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("raw-retention");
    }
}
