package io.cryptopipe.app;

import io.cryptopipe.ingest.IngestStats;
import io.cryptopipe.ingest.Ingestor;
import io.cryptopipe.stream.RunningStream;
import io.cryptopipe.stream.StreamLag;
import io.cryptopipe.stream.StreamSettings;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One line of progress: items ingested per entity per minute since the last line, the stream's last committed
 * micro-batch, and the lag (published but not yet stored) per topic.
 */
final class Progress implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Optional<Ingestor> ingestor;
    private final Optional<LivePrices> prices;
    private final Optional<RunningStream> stream;
    private final Optional<StreamSettings> settings;
    private final Optional<Database> database;
    private final Optional<Admin> admin;
    private final Map<String, Long> itemsBefore = new HashMap<>();
    private Instant before;

    Progress(Clock clock, Optional<Ingestor> ingestor, Optional<LivePrices> prices, Optional<RunningStream> stream,
            Optional<StreamSettings> settings, Optional<Database> database, Optional<Broker> broker) {
        this.clock = clock;
        this.ingestor = ingestor;
        this.prices = prices;
        this.stream = stream;
        this.settings = settings;
        this.database = database;
        this.admin = stream.isPresent() ? broker.map(b -> Admin.create(b.adminConfig())) : Optional.empty();
        this.before = clock.instant();
    }

    String line() {
        Instant now = clock.instant();
        StringBuilder line = new StringBuilder(TIME.format(now));
        ingestor.ifPresent(i -> line.append(" | ingested/min ").append(perMinute(i.stats(), now)));
        prices.ifPresent(p -> line.append(" | prices ").append(p.describe()));
        stream.ifPresent(s -> line.append(" | ").append(lastBatch(s)).append(" | lag ").append(lag()));
        before = now;
        return line.toString();
    }

    private String perMinute(IngestStats stats, Instant now) {
        double minutes = Math.max(1e-3, Duration.between(before, now).toMillis() / 60_000.0);
        return stats.entities().entrySet().stream().map(e -> {
            long items = e.getValue().itemsPublished();
            long fresh = items - itemsBefore.getOrDefault(e.getKey(), 0L);
            itemsBefore.put(e.getKey(), items);
            String failed = e.getValue().failed() + e.getValue().refused() > 0
                    ? " (" + (e.getValue().failed() + e.getValue().refused()) + " failed polls so far)" : "";
            return e.getKey() + " " + Math.round(fresh / minutes) + failed;
        }).collect(Collectors.joining(", "));
    }

    private static String lastBatch(RunningStream stream) {
        Optional<StreamingQueryProgress> last = stream.lastProgress();
        return last.map(p -> "last batch #" + p.batchId() + " at " + p.timestamp().substring(11, 19) + " ("
                + p.numInputRows() + " records)").orElse("no batch yet");
    }

    private String lag() {
        if (admin.isEmpty() || database.isEmpty() || settings.isEmpty()) {
            return "?";
        }
        try (Connection connection = database.get().connect()) {
            Map<String, Long> lag = StreamLag.measure(admin.get(), connection, settings.get().queryName(),
                    settings.get().topics());
            return lag.entrySet().stream().map(e -> e.getKey().replace("coincap.", "") + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        admin.ifPresent(Admin::close);
    }
}
