package io.cryptopipe.ingest.upkeep;

import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code up} runs beside ingest: gap repair and retention.
 *
 * @param repairEvery the pause between gap repair runs; empty: no repair
 * @param repair      how repair runs
 * @param retention   what retention keeps
 */
public record UpkeepSettings(Optional<Duration> repairEvery, GapRepairer.Settings repair,
        Retention.Settings retention) {
    public UpkeepSettings {
        Objects.requireNonNull(repairEvery, "repairEvery");
        Objects.requireNonNull(repair, "repair");
        Objects.requireNonNull(retention, "retention");
    }

    /** From {@code repair-every}, {@code repair-max-assets}, {@code retention-snapshots}, {@code kafka-retention}
     * and {@code raw-retention}; {@code off} (zero) turns a part off. */
    public static UpkeepSettings from(ResolvedConfig config) {
        return new UpkeepSettings(on(config.get(ConfigKeys.REPAIR_EVERY)),
                new GapRepairer.Settings(config.get(ConfigKeys.REPAIR_MAX_ASSETS),
                        GapRepairer.Settings.DEFAULT_LOOKBACK, GapRepairer.Settings.DEFAULT_PACE),
                new Retention.Settings(on(config.get(ConfigKeys.RETENTION_SNAPSHOTS)),
                        on(config.get(ConfigKeys.KAFKA_RETENTION)), on(config.get(ConfigKeys.RAW_RETENTION)),
                        Retention.DEFAULT_BATCH_ROWS));
    }

    private static Optional<Duration> on(Duration setting) {
        return setting.isZero() ? Optional.empty() : Optional.of(setting);
    }
}
