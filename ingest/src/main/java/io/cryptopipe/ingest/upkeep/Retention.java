package io.cryptopipe.ingest.upkeep;

import io.cryptopipe.ingest.RawArchive;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the disks from filling, in three parts, each off when its setting is empty:
 *
 * <ul>
 *   <li><b>history</b> in PostgreSQL ({@code *_snapshots} and the live-price tables, {@link #HISTORY_TABLES}): rows older than the retention are deleted by
 *       age, in batches of {@code batchRows} (each its own transaction, so no long lock and no huge WAL burst).
 *       Once the batch path exists, a day's rows are to go only after that day's lake partition has reconciled;
 *       until then age is the only rule. Before deleting, {@code retention_horizon} records the cutoff, so
 *       {@code ingest_completeness} shows older polls as unknown instead of missing;</li>
 *   <li><b>Kafka</b>: {@code retention.ms} of the product's topics ({@link TopicRetention});</li>
 *   <li><b>raw archive</b>: hour files older than the retention whose every poll is marked published
 *       ({@link RawArchive#removePublishedBefore}).</li>
 * </ul>
 *
 * <p>A part that fails is logged and does not stop the others. Not thread-safe: one run at a time.
 */
public final class Retention {
    /** The history tables snapshot retention applies to; fixed identifiers, the only names put into SQL text. */
    public static final List<String> SNAPSHOT_TABLES =
            List.of("asset_snapshots", "rate_snapshots", "exchange_snapshots", "market_snapshots");
    /**
     * Every table the history retention applies to, with its time column: the snapshots, and the live-price tables
     * (ticks, their duplicates and late ones, candles), which grow fastest. The lateness of candles is minutes, so a
     * retention of days never removes ticks a candle could still be restated from.
     */
    public static final Map<String, String> HISTORY_TABLES = Map.of("asset_snapshots", "observed_at",
            "rate_snapshots", "observed_at", "exchange_snapshots", "observed_at", "market_snapshots", "observed_at",
            "price_ticks", "ts", "price_tick_duplicates", "ts", "late_ticks", "ts", "candles_1m", "bucket_start");
    public static final int DEFAULT_BATCH_ROWS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final String HORIZON = "INSERT INTO retention_horizon (target, removed_before, removed_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (target) DO UPDATE SET removed_before = "
            + "greatest(retention_horizon.removed_before, EXCLUDED.removed_before), removed_at = EXCLUDED.removed_at";

    private final Settings settings;
    private final Connections db;
    private final RawArchive archive;
    private final Map<String, Object> adminConfig;
    private final List<String> topics;
    private final Clock clock;

    /**
     * @param snapshots how long snapshot rows are kept; empty: forever
     * @param kafka     the topics' {@code retention.ms}; empty: left as the cluster has it
     * @param raw       how long raw archive hour files are kept; empty: forever
     * @param batchRows rows deleted per transaction
     */
    public record Settings(Optional<Duration> snapshots, Optional<Duration> kafka, Optional<Duration> raw,
            int batchRows) {
        public Settings {
            Objects.requireNonNull(snapshots, "snapshots");
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(raw, "raw");
            if (batchRows < 1) {
                throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
            }
        }

        public String describe() {
            return "snapshots " + shown(snapshots) + ", kafka " + shown(kafka) + ", raw archive " + shown(raw);
        }

        private static String shown(Optional<Duration> d) {
            return d.map(Settings::text).orElse("kept");
        }

        private static String text(Duration d) {
            return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What one run removed.
     *
     * @param snapshotRows  rows deleted per table
     * @param raw           the raw archive's rotation; null when off or failed
     * @param topicsAltered topics whose retention.ms was changed
     * @param problems      parts that failed, with the reason
     */
    public record Report(Map<String, Long> snapshotRows, RawArchive.Removal raw, List<String> topicsAltered,
            List<String> problems) {
        public String line() {
            long rows = snapshotRows.values().stream().mapToLong(Long::longValue).sum();
            return "retention: " + rows + " snapshot rows deleted " + snapshotRows + "; "
                    + (raw == null ? "raw archive untouched" : raw.deleted().size() + " raw hour files deleted ("
                    + raw.bytes() + " bytes), " + raw.kept().size() + " kept") + "; retention.ms set on "
                    + topicsAltered + (problems.isEmpty() ? "" : "; problems: " + problems);
        }
    }

    /**
     * @param adminConfig Kafka admin settings (bootstrap and client settings)
     * @param topics      the topics whose retention is managed
     */
    public Retention(Settings settings, Connections db, RawArchive archive, Map<String, Object> adminConfig,
            List<String> topics, Clock clock) {
        this.settings = settings;
        this.db = db;
        this.archive = archive;
        this.adminConfig = Map.copyOf(adminConfig);
        this.topics = List.copyOf(topics);
        this.clock = clock;
    }

    public Report runOnce() throws InterruptedException {
        Instant now = clock.instant();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (settings.snapshots().isPresent()) {
            try {
                rows.putAll(deleteSnapshots(now.minus(settings.snapshots().get()), now));
            } catch (SQLException e) {
                problems.add("snapshots: " + e.getMessage());
            }
        }
        List<String> altered = List.of();
        if (settings.kafka().isPresent()) {
            try {
                altered = TopicRetention.apply(adminConfig, topics, settings.kafka().get());
            } catch (IOException e) {
                problems.add("kafka: " + e.getMessage());
            }
        }
        RawArchive.Removal raw = null;
        if (settings.raw().isPresent()) {
            try {
                raw = archive.removePublishedBefore(now.minus(settings.raw().get()));
                raw.kept().forEach(k -> LOG.info("raw archive file past its retention kept: {}", k));
            } catch (IOException e) {
                problems.add("raw archive: " + e.getMessage());
            }
        }
        Report report = new Report(rows, raw, altered, problems);
        if (!problems.isEmpty()) {
            LOG.warn("{}", report.line());
        } else if (rows.values().stream().anyMatch(n -> n > 0) || !altered.isEmpty()
                || (raw != null && !raw.deleted().isEmpty())) {
            LOG.info("{}", report.line());
        } else {
            LOG.debug("{}", report.line());
        }
        return report;
    }

    /** Per table: the horizon first, then batches until one comes back short. */
    private Map<String, Long> deleteSnapshots(Instant cutoff, Instant now) throws SQLException, InterruptedException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        try (Connection c = db.open()) {
            c.setAutoCommit(true);
            for (String table : new java.util.TreeMap<>(HISTORY_TABLES).keySet()) {
                try (PreparedStatement horizon = c.prepareStatement(HORIZON)) {
                    horizon.setString(1, table);
                    horizon.setObject(2, GapRepairer.time(cutoff));
                    horizon.setObject(3, GapRepairer.time(now));
                    horizon.executeUpdate();
                }
                long total = 0;
                try (PreparedStatement batch = c.prepareStatement("DELETE FROM " + table + " WHERE ctid = ANY (ARRAY("
                        + "SELECT ctid FROM " + table + " WHERE " + HISTORY_TABLES.get(table) + " < ? LIMIT ?))")) {
                    batch.setObject(1, GapRepairer.time(cutoff));
                    batch.setInt(2, settings.batchRows());
                    int n;
                    do {
                        if (Thread.interrupted()) {
                            throw new InterruptedException("retention stopped");
                        }
                        n = batch.executeUpdate();
                        total += n;
                    } while (n == settings.batchRows());
                }
                deleted.put(table, total);
            }
        }
        return deleted;
    }
}
