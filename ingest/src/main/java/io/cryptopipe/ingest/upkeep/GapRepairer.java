package io.cryptopipe.ingest.upkeep;

import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.source.CoinCapClient;
import io.cryptopipe.source.CoinCapException;
import io.cryptopipe.source.CreditBudget;
import io.cryptopipe.source.Endpoints;
import io.cryptopipe.source.Poll;
import io.cryptopipe.source.Sleeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills asset price gaps from {@code /assets/{id}/history}: the gaps of {@code ingest_gaps} for assets (failed polls,
 * polls refused by the budget, time not polled) that ended at least {@link #SETTLE} ago and lie within the lookback,
 * merged into spans ({@link GapSpan}), each asked for at the finest interval that covers it in one request
 * ({@link HistoryInterval}), for the assets known just before the gap (the latest asset snapshot before it, else the
 * first after), top ranks first and at most {@code maxAssets} of them. Points inside the span go to
 * {@code asset_price_history} (first copy wins, so a repeat changes nothing); every attempt goes to
 * {@code gap_repairs} with what it found and spent.
 *
 * <p>Lowest priority: one request at a time, {@code pace} apart, through the pollers' own client (so their rate
 * limit and credit budget are shared), and with a credit budget only within {@link RepairBudget#headroom} (checked
 * before each request). A span is settled once repaired or verified empty, or after {@link #MAX_FAILED_ATTEMPTS}
 * failed attempts; a span without headroom is recorded as {@code skipped_budget} at most once per UTC day and tried
 * again on later runs while it is within the lookback. Not thread-safe: one run at a time.
 */
public final class GapRepairer {
    /** Failed attempts after which a span is given up. */
    public static final int MAX_FAILED_ATTEMPTS = 3;
    /** A gap is repaired only once it ended this long ago, when CoinCap has the minute points of its last minute. */
    public static final Duration SETTLE = Duration.ofMinutes(2);
    static final String ENTITY = "assets";
    private static final Logger LOG = LoggerFactory.getLogger(GapRepairer.class);

    private static final String PENDING = "SELECT g.slot_start, g.slot_end, g.reason FROM ingest_gaps g "
            + "WHERE g.entity = ? AND g.slot_end > g.slot_start AND g.slot_end > ? AND g.slot_end <= ? "
            + "AND NOT EXISTS (SELECT 1 FROM gap_repairs r WHERE r.entity = g.entity AND r.slot_start <= g.slot_start "
            + "AND r.slot_end >= g.slot_end AND r.status IN ('repaired', 'verified_empty')) "
            + "AND (SELECT count(*) FROM gap_repairs r WHERE r.entity = g.entity AND r.slot_start <= g.slot_start "
            + "AND r.slot_end >= g.slot_end AND r.status = 'failed') < ? "
            + "ORDER BY g.slot_start, g.slot_end";
    private static final String KNOWN_ASSETS = "SELECT id FROM asset_snapshots WHERE observed_at = coalesce("
            + "(SELECT max(observed_at) FROM asset_snapshots WHERE observed_at < ?), "
            + "(SELECT min(observed_at) FROM asset_snapshots WHERE observed_at >= ?)) ORDER BY rank NULLS LAST, id";
    private static final String STORE_POINTS = "INSERT INTO asset_price_history (asset_id, ts, price_usd, source) "
            + "SELECT ?, p.ts::timestamptz, p.price::numeric, ? FROM unnest(?::text[], ?::text[]) AS p (ts, price) "
            + "ON CONFLICT (asset_id, ts) DO NOTHING";
    private static final String SKIPPED_TODAY = "SELECT 1 FROM gap_repairs WHERE entity = ? AND slot_start = ? "
            + "AND slot_end = ? AND status = 'skipped_budget' AND attempted_at >= ?";
    private static final String RECORD = "INSERT INTO gap_repairs (entity, slot_start, slot_end, status, "
            + "history_interval, assets, points, requests, credits_spent, attempted_at, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final Settings settings;
    private final CoinCapClient client;
    private final Map<String, Duration> intervals;
    private final Connections db;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String source;
    private boolean sent;

    /**
     * @param maxAssets assets asked for per span at most, top ranks first
     * @param lookback  gaps that ended longer ago are left alone
     * @param pace      the least time between two history requests
     */
    public record Settings(int maxAssets, Duration lookback, Duration pace) {
        public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(7);
        public static final Duration DEFAULT_PACE = Duration.ofSeconds(1);

        public Settings {
            if (maxAssets < 1) {
                throw new IllegalArgumentException("maxAssets must be positive: " + maxAssets);
            }
            Objects.requireNonNull(lookback, "lookback");
            Objects.requireNonNull(pace, "pace");
        }
    }

    /** What one run did. */
    public record Report(int spans, int repaired, int verifiedEmpty, int failed, int skippedBudget, long points,
            int requests, long credits) {
        public String line() {
            return spans + " gap span(s): " + repaired + " repaired, " + verifiedEmpty + " verified empty, " + failed
                    + " failed, " + skippedBudget + " skipped for budget; " + points + " points, " + requests
                    + " requests, " + credits + " credits";
        }
    }

    /** One attempt, as recorded. */
    record Attempt(GapSpan span, String status, HistoryInterval interval, int assets, int points, int requests,
            long credits, String detail) {
    }

    /**
     * @param client    the live pollers' client: its rate limit and credit budget are shared
     * @param intervals the live pollers' intervals by entity, which the budget headroom reserves credits for
     * @param sleeper   waits the pace between requests
     */
    public GapRepairer(Settings settings, CoinCapClient client, Map<String, Duration> intervals, Connections db,
            Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.client = client;
        this.intervals = Map.copyOf(intervals);
        this.db = db;
        this.clock = clock;
        this.sleeper = sleeper;
        this.source = ResolvedConfig.maskUrl(client.settings().base().toString());
    }

    /**
     * Repairs the pending spans, oldest first.
     *
     * @throws InterruptedException when stopped; the span in progress is not recorded and is tried again later
     */
    public Report runOnce() throws SQLException, InterruptedException {
        sent = false;
        Instant now = clock.instant();
        int repaired = 0;
        int empty = 0;
        int failed = 0;
        int skipped = 0;
        long points = 0;
        int requests = 0;
        long credits = 0;
        try (Connection c = db.open()) {
            List<GapSpan> spans = GapSpan.merge(pending(c, now));
            for (GapSpan span : spans) {
                Attempt attempt = repair(c, span);
                if (attempt.status().equals("skipped_budget") && skippedToday(c, span)) {
                    skipped++;
                    continue;
                }
                record(c, attempt);
                switch (attempt.status()) {
                    case "repaired" -> repaired++;
                    case "verified_empty" -> empty++;
                    case "failed" -> failed++;
                    default -> skipped++;
                }
                points += attempt.points();
                requests += attempt.requests();
                credits += attempt.credits();
                LOG.debug("gap {} .. {} ({}): {} {}", span.start(), span.end(), span.reasons(), attempt.status(),
                        attempt.detail());
            }
            Report report = new Report(spans.size(), repaired, empty, failed, skipped, points, requests, credits);
            if (!spans.isEmpty()) {
                LOG.info("gap repair: {}", report.line());
            }
            return report;
        }
    }

    /** Gaps of assets that ended within the lookback and at least SETTLE ago, not settled yet. */
    private List<GapSpan> pending(Connection c, Instant now) throws SQLException {
        List<GapSpan> gaps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PENDING)) {
            s.setString(1, ENTITY);
            s.setObject(2, time(now.minus(settings.lookback())));
            s.setObject(3, time(now.minus(SETTLE)));
            s.setInt(4, MAX_FAILED_ATTEMPTS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new GapSpan(instant(rs, 1), instant(rs, 2), Set.of(rs.getString(3))));
                }
            }
        }
        return gaps;
    }

    private Attempt repair(Connection c, GapSpan span) throws SQLException, InterruptedException {
        HistoryInterval interval = HistoryInterval.finestFor(span.length());
        if (!interval.hasPointIn(span.start(), span.end())) {
            return new Attempt(span, "verified_empty", interval, 0, 0, 0, 0, "no " + interval.wire()
                    + " point of /history falls inside the span, so there is nothing finer to fetch");
        }
        long affordable = affordableRequests();
        if (affordable < 1) {
            return new Attempt(span, "skipped_budget", interval, 0, 0, 0, 0, "no credit headroom beyond the live "
                    + "pollers' needs for the rest of the day (" + budgetText() + ")");
        }
        List<String> known = knownAssets(c, span.start());
        if (known.isEmpty()) {
            return new Attempt(span, "failed", interval, 0, 0, 0, 0,
                    "no asset snapshot before or after the gap names an asset to ask for");
        }
        int cap = (int) Math.min(settings.maxAssets(), Math.min(affordable, known.size()));
        List<String> assets = known.subList(0, cap);
        int answered = 0;
        int failures = 0;
        int points = 0;
        int requests = 0;
        boolean budgetCut = false;
        String lastError = null;
        for (String asset : assets) {
            if (affordableRequests() < 1) {
                budgetCut = true;
                break;
            }
            if (sent) {
                sleeper.sleep(settings.pace());
            }
            sent = true;
            try {
                Poll<HistoryPoint> poll = client.poll(Endpoints.history(asset, interval.wire(), span.start(),
                        span.end()));
                requests += poll.requests();
                points += store(c, asset, interval, poll.values().stream()
                        .filter(p -> !p.time().isBefore(span.start()) && p.time().isBefore(span.end())).toList());
                answered++;
            } catch (CoinCapException e) {
                requests += e.requests();
                if (e.kind() == CoinCapException.Kind.INTERRUPTED) {
                    throw (InterruptedException) new InterruptedException("gap repair stopped").initCause(e);
                }
                if (e.kind() == CoinCapException.Kind.BUDGET_EXHAUSTED) {
                    budgetCut = true;
                    break;
                }
                if (e.kind() == CoinCapException.Kind.CLIENT_ERROR && e.status() == 404) {
                    answered++; // the asset is gone: there is no history to have
                } else {
                    failures++;
                    lastError = e.getMessage();
                }
            }
        }
        long credits = credits(requests);
        String scope = assets.size() + " of " + known.size() + " assets known before the gap";
        if (answered == 0 && failures == 0 && budgetCut) {
            return new Attempt(span, "skipped_budget", interval, 0, 0, requests, credits,
                    "the credit headroom ran out before the first request (" + budgetText() + ")");
        }
        if (failures > 0) {
            return new Attempt(span, "failed", interval, answered, points, requests, credits, failures + " of "
                    + assets.size() + " asset requests failed; last: " + lastError);
        }
        if (budgetCut) {
            return new Attempt(span, "failed", interval, answered, points, requests, credits, "the credit headroom "
                    + "ran out after " + answered + " of " + assets.size() + " assets (" + budgetText() + ")");
        }
        return new Attempt(span, points > 0 ? "repaired" : "verified_empty", interval, answered, points, requests,
                credits, scope);
    }

    /** Requests the budget allows now; unlimited without a budget or when requests cost nothing. */
    private long affordableRequests() {
        Optional<CreditBudget.Snapshot> budget = client.budget();
        int perRequest = client.settings().creditsPerRequest();
        if (budget.isEmpty() || perRequest == 0) {
            return Long.MAX_VALUE;
        }
        return RepairBudget.headroom(budget.get(), clock.instant(), intervals, perRequest,
                client.settings().pageSize()) / perRequest;
    }

    private long credits(int requests) {
        return client.budget().isPresent() ? (long) requests * client.settings().creditsPerRequest() : 0;
    }

    private String budgetText() {
        return client.budget().map(b -> b.spentToday() + " of " + b.perDay() + " credits spent on " + b.day())
                .orElse("no budget");
    }

    /** The assets of the latest snapshot before {@code before}, else of the first one after; top ranks first. */
    private static List<String> knownAssets(Connection c, Instant before) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(KNOWN_ASSETS)) {
            s.setObject(1, time(before));
            s.setObject(2, time(before));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Stores the points, the digits as CoinCap sent them; returns how many were in the answer for the span. */
    private int store(Connection c, String asset, HistoryInterval interval, List<HistoryPoint> points)
            throws SQLException {
        if (points.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement(STORE_POINTS)) {
            s.setString(1, asset);
            s.setString(2, "/assets/{id}/history " + interval.wire() + " " + source);
            s.setArray(3, c.createArrayOf("text", points.stream().map(p -> p.time().toString()).toArray()));
            s.setArray(4, c.createArrayOf("text", points.stream().map(p -> p.priceUsd().toPlainString()).toArray()));
            s.executeUpdate();
        }
        return points.size();
    }

    private boolean skippedToday(Connection c, GapSpan span) throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement s = c.prepareStatement(SKIPPED_TODAY)) {
            s.setString(1, ENTITY);
            s.setObject(2, time(span.start()));
            s.setObject(3, time(span.end()));
            s.setObject(4, time(today.atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void record(Connection c, Attempt a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RECORD)) {
            s.setString(1, ENTITY);
            s.setObject(2, time(a.span().start()));
            s.setObject(3, time(a.span().end()));
            s.setString(4, a.status());
            s.setString(5, a.interval() == null ? null : a.interval().wire());
            s.setInt(6, a.assets());
            s.setInt(7, a.points());
            s.setInt(8, a.requests());
            s.setInt(9, Math.toIntExact(a.credits()));
            s.setObject(10, time(clock.instant()));
            s.setString(11, a.detail());
            s.executeUpdate();
        }
    }

    static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
