package io.cryptopipe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest_completeness} and {@code ingest_gaps} over ledger and snapshot fixtures on the embedded PostgreSQL,
 * one server for the class: what each poll stored, and every expected poll slot that holds no data, with why.
 */
class CompletenessViewsIT {
    static final String COMPLETENESS = "SELECT entity || ' ' || to_char(observed_at AT TIME ZONE 'UTC', 'HH24:MI:SS')"
            + " || ' returned ' || items_returned || ' stored ' || coalesce(items_stored::text, 'unknown')"
            + " || ' missing ' || coalesce(missing::text, 'unknown') FROM ingest_completeness ORDER BY entity, observed_at";
    static final String GAPS = "SELECT entity || ' ' || to_char(slot_start AT TIME ZONE 'UTC', 'HH24:MI:SS') || '-'"
            + " || to_char(slot_end AT TIME ZONE 'UTC', 'HH24:MI:SS') || ' ' || reason FROM ingest_gaps"
            + " ORDER BY entity, slot_start";

    @TempDir
    static Path data;
    static PgServer server;
    static Connection connection;

    @BeforeAll
    static void start() throws IOException, SQLException {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        connection = server.dataSource().getConnection();
    }

    @AfterAll
    static void stop() throws IOException, SQLException {
        connection.close();
        server.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE ingest_ledger, asset_snapshots, market_snapshots, rate_snapshots, exchange_snapshots, "
                + "retention_horizon");
    }

    @Test
    void completenessComparesWhatEachOkPollReturnedWithTheSnapshotRowsAtItsObservedAt() throws SQLException {
        // 5 returned, 1 a repeat of a key earlier in the poll, 1 rejected by the parser: 3 to store, 3 stored.
        ledger("assets", "10:00:00", "ok", 5, 1, 1, 10_000L);
        assets("10:00:00", "bitcoin", "ethereum", "tether");
        // 4 to store, 2 stored: 2 missing (the stream is behind, or rows were lost).
        ledger("assets", "10:00:10", "ok", 4, 0, 0, 10_000L);
        assets("10:00:10", "bitcoin", "ethereum");
        ledger("assets", "10:00:20", "failed", 0, 0, 0, 10_000L);
        // Markets are keyed exchange/base/quote: two pairs of one exchange are two stored items.
        ledger("markets", "10:00:00", "ok", 3, 0, 0, 60_000L);
        execute("INSERT INTO market_snapshots (exchange_id, base_id, quote_id, observed_at) VALUES "
                + "('binance', 'bitcoin', 'tether', '2026-11-27T10:00:00Z'), "
                + "('binance', 'ethereum', 'tether', '2026-11-27T10:00:00Z'), "
                + "('binance', 'bitcoin', 'tether', '2026-11-27T10:01:00Z')");

        assertThat(column(COMPLETENESS)).containsExactly(
                "assets 10:00:00 returned 5 stored 3 missing 0",
                "assets 10:00:10 returned 4 stored 2 missing 2",
                "markets 10:00:00 returned 3 stored 2 missing 1");
    }

    @Test
    void pollsOlderThanTheRetentionHorizonShowAsUnknownNotMissing() throws SQLException {
        ledger("assets", "10:00:00", "ok", 3, 0, 0, 10_000L);
        ledger("assets", "10:00:10", "ok", 1, 0, 0, 10_000L);
        assets("10:00:10", "bitcoin");
        execute("INSERT INTO retention_horizon VALUES ('asset_snapshots', '2026-11-27T10:00:05Z', now())");

        assertThat(column(COMPLETENESS)).containsExactly(
                "assets 10:00:00 returned 3 stored unknown missing unknown",
                "assets 10:00:10 returned 1 stored 1 missing 0");
    }

    @Test
    void failedAndRefusedPollsAreGapsAtTheirOwnSlotAndLongSilencesAreNotPolledSpans() throws SQLException {
        ledger("assets", "10:00:00", "ok", 1, 0, 0, 10_000L);
        ledger("assets", "10:00:10", "ok", 1, 0, 0, 10_000L);
        ledger("assets", "10:00:20", "failed", 0, 0, 0, 10_000L);
        ledger("assets", "10:00:30", "refused", 0, 0, 0, 10_000L);
        ledger("assets", "10:00:40", "ok", 1, 0, 0, 10_000L);
        ledger("assets", "10:05:00", "ok", 1, 0, 0, 10_000L);   // ingest was down after 10:00:40
        ledger("assets", "10:05:14", "ok", 1, 0, 0, 10_000L);   // late, but within 1.5 intervals
        ledger("assets", "10:05:30", "ok", 1, 0, 0, 10_000L);   // 16 s: one slot not polled
        // A failed poll followed sooner than its interval (a restart): its slot ends at the next poll.
        ledger("exchanges", "11:00:00", "failed", 0, 0, 0, 60_000L);
        ledger("exchanges", "11:00:20", "ok", 1, 0, 0, 60_000L);
        // The last event, failed: one interval long.
        ledger("exchanges", "11:01:20", "failed", 0, 0, 0, 60_000L);
        // Events without a recorded interval: a failure lasts until the next poll; silences cannot be judged.
        ledger("rates", "10:00:00", "failed", 0, 0, 0, null);
        ledger("rates", "10:10:00", "ok", 1, 0, 0, null);
        ledger("rates", "12:00:00", "ok", 1, 0, 0, null);

        assertThat(column(GAPS)).containsExactly(
                "assets 10:00:20-10:00:30 failed",
                "assets 10:00:30-10:00:40 refused by budget",
                "assets 10:00:50-10:05:00 not polled",
                "assets 10:05:24-10:05:30 not polled",
                "exchanges 11:00:00-11:00:20 failed",
                "exchanges 11:01:20-11:02:20 failed",
                "rates 10:00:00-10:10:00 failed");
    }

    @Test
    void aFailedPollAfterWhichNothingCameForLongIsItsSlotThenANotPolledSpan() throws SQLException {
        ledger("assets", "10:00:00", "failed", 0, 0, 0, 10_000L);
        ledger("assets", "10:01:00", "ok", 1, 0, 0, 10_000L);

        assertThat(column(GAPS)).containsExactly(
                "assets 10:00:00-10:00:10 failed",
                "assets 10:00:10-10:01:00 not polled");
    }

    @Test
    void theViewsAnswerOverAHundredThousandLedgerRows() throws SQLException {
        // Assets every 10 s for about 11.5 days: every 97th poll failed, every 1000th missing (not polled).
        execute("INSERT INTO ingest_ledger (poll_id, entity, observed_at, items_returned, repeats, rejected, outcome, "
                + "interval_ms) SELECT gen_random_uuid(), 'assets', '2026-11-01T00:00:00Z'::timestamptz "
                + "+ n * interval '10 seconds', 2, 0, 0, CASE WHEN n % 97 = 0 THEN 'failed' ELSE 'ok' END, 10000 "
                + "FROM generate_series(1, 100000) AS n WHERE n % 1000 <> 0");
        execute("INSERT INTO asset_snapshots (id, observed_at) SELECT a, '2026-11-01T00:00:00Z'::timestamptz "
                + "+ n * interval '10 seconds' FROM generate_series(1, 100000) AS n, unnest(ARRAY['a', 'b']) AS a "
                + "WHERE n % 1000 <> 0 AND n % 97 <> 0 AND n % 500 <> 0");
        execute("ANALYZE ingest_ledger");
        execute("ANALYZE asset_snapshots");

        // n % 97 == 0 fails 1030 times below 100,000, once (97,000) where the poll is missing anyway. Each of the
        // 100 missing polls but the last (nothing follows it) leaves a not-polled span.
        assertThat(column("SELECT reason || ' ' || count(*) FROM ingest_gaps WHERE entity = 'assets' "
                + "GROUP BY reason ORDER BY reason")).containsExactly("failed 1029", "not polled 99");
        // 99,900 polls less 1029 failed; 99 OK polls (n % 500 == 0, but not % 1000 or % 97) lack both rows.
        assertThat(column("SELECT count(*) || ' ' || sum(missing) FROM ingest_completeness WHERE entity = 'assets'"))
                .containsExactly("98871 198");
        assertThat(column("SELECT count(*) FROM ingest_gaps WHERE entity = 'assets' AND slot_start >= "
                + "'2026-11-05T00:00:00Z' AND slot_start < '2026-11-05T01:00:00Z'")).containsExactly("3");
        assertThat(String.join("\n", column("EXPLAIN SELECT * FROM ingest_completeness WHERE entity = 'assets' "
                + "AND observed_at > '2026-11-10T00:00:00Z'"))).contains("asset_snapshots_observed_at");
    }

    private static void ledger(String entity, String time, String outcome, int returned, int repeats, int rejected,
            Long intervalMs) throws SQLException {
        execute("INSERT INTO ingest_ledger (poll_id, entity, observed_at, items_returned, repeats, rejected, outcome, "
                + "interval_ms) VALUES (gen_random_uuid(), '" + entity + "', '2026-11-27T" + time + "Z', " + returned
                + ", " + repeats + ", " + rejected + ", '" + outcome + "', " + intervalMs + ")");
    }

    private static void assets(String time, String... ids) throws SQLException {
        for (String id : ids) {
            execute("INSERT INTO asset_snapshots (id, observed_at) VALUES ('" + id + "', '2026-11-27T" + time + "Z')");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
