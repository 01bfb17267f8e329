package io.cryptopipe.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink on the embedded PostgreSQL 17, one server for the class. Values are read back as text, so a changed
 * scale or a rounded digit fails. All writes go through one connection, as in the stream, where a connection serves
 * many micro-batches.
 */
class PgSinkIT {
    static final String T0 = "2026-11-27T10:15:20.123Z";
    static final String T1 = "2026-11-27T10:15:30.123Z";
    static final String T2 = "2026-11-27T10:15:40.123Z";
    static final List<String> TABLES = List.of("assets", "asset_snapshots", "rates", "rate_snapshots", "exchanges",
            "exchange_snapshots", "markets", "market_snapshots", "rejected_records", "ingest_ledger",
            "stream_progress");

    @TempDir
    static Path data;
    static PgServer server;
    static Connection connection;

    final PgSink sink = new PgSink();

    @BeforeAll
    static void start() throws IOException, SQLException {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        connection = server.dataSource().getConnection();
        execute("SET TIME ZONE 'UTC'");
    }

    @AfterAll
    static void stop() throws IOException, SQLException {
        connection.close();
        server.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        execute("TRUNCATE " + String.join(", ", TABLES));
    }

    @Test
    void sinkColumnsAreExactlyTheColumnsTheLatestAndHistoryTablesShareInMigrationOrder() throws SQLException {
        for (SinkTable table : SinkTable.values()) {
            assertThat(columnsOf(table.snapshots())).isEqualTo(table.columns());
            List<String> latest = new ArrayList<>(table.columns());
            latest.add("last_seen_at");
            assertThat(columnsOf(table.latest())).isEqualTo(latest);
        }
    }

    @Test
    void decimalsKeepTheirExactValueAndScaleInHistoryAndLatestState() throws SQLException {
        SinkRow bitcoin = new SinkRow(1, Arrays.asList("bitcoin", "1", "BTC", "Bitcoin", "0.000000000000000100",
                "21000000.000000000000", "0.1234567890123456789012345678901234567890",
                "123456789012345678901234567890.5", "98765.432100000000000000", "-0.000100", "0", null, T1));
        sink.write(connection, batch(SinkTable.ASSETS, bitcoin));

        String decimals = "SELECT supply::text, max_supply::text, market_cap_usd::text, volume_usd_24hr::text, "
                + "price_usd::text, change_percent_24hr::text, vwap_24hr::text FROM ";
        List<String> expected = List.of("0.000000000000000100", "21000000.000000000000",
                "0.1234567890123456789012345678901234567890", "123456789012345678901234567890.5",
                "98765.432100000000000000", "-0.000100", "0");
        assertThat(row(decimals + "assets")).isEqualTo(expected);
        assertThat(row(decimals + "asset_snapshots")).isEqualTo(expected);
    }

    @Test
    void integersBeyondDoublePrecisionAndBooleansAndTimestampsArriveExactly() throws SQLException {
        SinkRow binance = new SinkRow(1, Arrays.asList("binance", "Binance", "1", "25.50", "1000.10",
                "9007199254740993", "false", "https://www.binance.com/", "2026-11-27T10:15:00.000001Z", T1));
        sink.write(connection, batch(SinkTable.EXCHANGES, binance));

        assertThat(row("SELECT trading_pairs::text, socket::text, updated_at::text, observed_at::text, "
                + "last_seen_at::text FROM exchanges")).containsExactly("9007199254740993", "false",
                "2026-11-27 10:15:00.000001+00", "2026-11-27 10:15:30.123+00", "2026-11-27 10:15:30.123+00");
    }

    @Test
    void writingTheSameBatchTwiceAddsNoRowsAndChangesNothing() throws SQLException {
        SinkBatch everything = everything();
        SinkCounts first = sink.write(connection, everything);
        Map<String, List<String>> afterFirst = dumpAll();

        SinkCounts second = sink.write(connection, everything);

        assertThat(dumpAll()).isEqualTo(afterFirst);
        assertThat(first.snapshotRowsInserted()).containsExactlyInAnyOrderEntriesOf(Map.of(SinkTable.ASSETS, 2,
                SinkTable.RATES, 1, SinkTable.EXCHANGES, 1, SinkTable.MARKETS, 2));
        assertThat(first.latestRowsChanged()).isEqualTo(first.snapshotRowsInserted());
        assertThat(first.rejectsInserted()).isEqualTo(1);
        assertThat(first.ledgerInserted()).isEqualTo(1);
        assertThat(second).isEqualTo(SinkCounts.none());
        assertThat(afterFirst.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());
    }

    @Test
    void latestStateMovesForwardOnlyByObservedAtWhileHistoryKeepsEveryObservation() throws SQLException {
        sink.write(connection, batch(SinkTable.ASSETS, asset(1, "bitcoin", T1, "1.0")));
        SinkCounts newer = sink.write(connection, batch(SinkTable.ASSETS, asset(2, "bitcoin", T2, "2.0")));
        assertThat(newer.latestRowsChanged()).containsEntry(SinkTable.ASSETS, 1);
        assertThat(row("SELECT price_usd::text, observed_at::text, last_seen_at::text FROM assets"))
                .containsExactly("2.0", "2026-11-27 10:15:40.123+00", "2026-11-27 10:15:40.123+00");
        List<String> latest = dump("assets");

        SinkCounts older = sink.write(connection, batch(SinkTable.ASSETS, asset(3, "bitcoin", T0, "0.5")));
        SinkCounts equal = sink.write(connection, batch(SinkTable.ASSETS, asset(4, "bitcoin", T2, "9.9")));

        assertThat(dump("assets")).isEqualTo(latest);
        assertThat(older.latestRowsChanged()).containsEntry(SinkTable.ASSETS, 0);
        assertThat(older.snapshotRowsInserted()).containsEntry(SinkTable.ASSETS, 1);
        assertThat(equal).isEqualTo(SinkCounts.none());
        assertThat(column("SELECT price_usd::text FROM asset_snapshots ORDER BY observed_at"))
                .containsExactly("0.5", "1.0", "2.0");
    }

    @Test
    void keysALaterBatchDoesNotMentionStayInLatestState() throws SQLException {
        sink.write(connection, batch(SinkTable.ASSETS, asset(1, "bitcoin", T1, "1.0"), asset(2, "ethereum", T1,
                "3.0")));
        sink.write(connection, batch(SinkTable.ASSETS, asset(3, "bitcoin", T2, "2.0")));

        assertThat(column("SELECT id || ' ' || price_usd || ' ' || observed_at FROM assets ORDER BY id"))
                .containsExactly("bitcoin 2.0 2026-11-27 10:15:40.123+00", "ethereum 3.0 2026-11-27 10:15:30.123+00");
    }

    @Test
    void theSameKeyAndObservedAtTwiceInOneBatchKeepsTheLowestOrderWithoutError() throws SQLException {
        SinkCounts counts = sink.write(connection, batch(SinkTable.ASSETS, asset(7, "bitcoin", T1, "7.0"),
                asset(3, "bitcoin", T1, "3.0"), asset(5, "ethereum", T1, "5.0"), asset(4, "bitcoin", T1, "4.0")));

        assertThat(column("SELECT id || ' ' || price_usd FROM asset_snapshots ORDER BY id"))
                .containsExactly("bitcoin 3.0", "ethereum 5.0");
        assertThat(column("SELECT id || ' ' || price_usd FROM assets ORDER BY id"))
                .containsExactly("bitcoin 3.0", "ethereum 5.0");
        assertThat(counts.snapshotRowsInserted()).containsEntry(SinkTable.ASSETS, 2);
    }

    @Test
    void aRowAlreadyStoredWinsOverItsReplayAndNeverKeepsOutItsNeighbours() throws SQLException {
        sink.write(connection, batch(SinkTable.ASSETS, asset(10, "bitcoin", T1, "1.0")));

        SinkCounts counts = sink.write(connection, batch(SinkTable.ASSETS, asset(4, "bitcoin", T1, "9.0"),
                asset(11, "ethereum", T1, "3.0"), asset(12, "bitcoin", T2, "2.0")));

        assertThat(column("SELECT id || ' ' || price_usd FROM asset_snapshots ORDER BY id, observed_at"))
                .containsExactly("bitcoin 1.0", "bitcoin 2.0", "ethereum 3.0");
        assertThat(counts.snapshotRowsInserted()).containsEntry(SinkTable.ASSETS, 2);
    }

    @Test
    void twoObservationsOfAKeyInOneBatchGiveTwoSnapshotsAndTheNewerLatestState() throws SQLException {
        SinkCounts counts = sink.write(connection, batch(SinkTable.RATES, rate(1, "euro", T2, "1.08"),
                rate(2, "euro", T1, "1.07")));

        assertThat(column("SELECT rate_usd::text FROM rate_snapshots ORDER BY observed_at"))
                .containsExactly("1.07", "1.08");
        assertThat(row("SELECT rate_usd::text, last_seen_at::text FROM rates"))
                .containsExactly("1.08", "2026-11-27 10:15:40.123+00");
        assertThat(counts.snapshotRowsInserted()).containsEntry(SinkTable.RATES, 2);
        assertThat(counts.latestRowsChanged()).containsEntry(SinkTable.RATES, 1);
    }

    @Test
    void marketsAreKeyedByExchangeBaseAndQuoteTogether() throws SQLException {
        sink.write(connection, batch(SinkTable.MARKETS, market(1, "binance", "bitcoin", "tether", T1, "1.0"),
                market(2, "binance", "bitcoin", "euro", T1, "2.0"), market(3, "kraken", "bitcoin", "tether", T1,
                        "3.0")));
        sink.write(connection, batch(SinkTable.MARKETS, market(4, "binance", "bitcoin", "euro", T2, "2.5"),
                market(5, "binance", "bitcoin", "tether", T0, "0.5")));

        assertThat(column("SELECT exchange_id || ' ' || base_id || ' ' || quote_id || ' ' || price_usd "
                + "FROM markets ORDER BY 1")).containsExactly("binance bitcoin euro 2.5",
                "binance bitcoin tether 1.0", "kraken bitcoin tether 3.0");
        assertThat(one("SELECT count(*) FROM market_snapshots")).isEqualTo("5");
    }

    @Test
    void rejectsAreStoredOncePerRecordAndReasonEvenWhenReplayed() throws SQLException {
        Instant at = Instant.parse(T1);
        List<RejectRow> rejects = List.of(new RejectRow("coincap.assets", 0, 5, "bitcoin", "{bad", "invalid json", at),
                new RejectRow("coincap.assets", 0, 5, "bitcoin", "second copy", "invalid json", at),
                new RejectRow("coincap.assets", 0, 5, "bitcoin", "{bad", "no id", at),
                new RejectRow("coincap.assets", 1, 5, null, null, "invalid json", at));
        SinkBatch batch = new SinkBatch(Map.of(), rejects, List.of(), List.of());

        SinkCounts first = sink.write(connection, batch);
        List<String> stored = dump("rejected_records");
        SinkCounts replay = sink.write(connection, batch);

        assertThat(first.rejectsInserted()).isEqualTo(3);
        assertThat(replay.rejectsInserted()).isZero();
        assertThat(dump("rejected_records")).isEqualTo(stored);
        assertThat(column("SELECT partition || ' ' || reason || ' ' || coalesce(raw, 'NULL') FROM rejected_records "
                + "ORDER BY 1")).containsExactly("0 invalid json {bad", "0 no id {bad", "1 invalid json NULL");
    }

    @Test
    void ledgerRowsAreStoredOncePerPollWithDriftAsJsonAndNullsKept() throws SQLException {
        UUID poll = UUID.fromString("6a1f3c2e-0000-4000-8000-000000000001");
        LedgerRow full = new LedgerRow(poll, "assets", "https://rest.coincap.io/v3/assets", Instant.parse(T1),
                Instant.parse(T2), 100, 2, 1, 3, "ok", null, null, "{\"unknown\": {\"tokens\": 2}, \"missing\": {}}");
        LedgerRow again = new LedgerRow(poll, "assets", null, Instant.parse(T2), null, null, null, null, null,
                "failed", "other", null, null);
        LedgerRow bare = new LedgerRow(UUID.fromString("6a1f3c2e-0000-4000-8000-000000000002"), "rates", null,
                Instant.parse(T1), null, null, null, null, null, "failed", "HTTP 503", "<html>busy</html>", null);
        SinkBatch batch = new SinkBatch(Map.of(), List.of(), List.of(full, again, bare), List.of());

        SinkCounts first = sink.write(connection, batch);
        List<String> stored = dump("ingest_ledger");
        SinkCounts replay = sink.write(connection, batch);

        assertThat(first.ledgerInserted()).isEqualTo(2);
        assertThat(replay.ledgerInserted()).isZero();
        assertThat(dump("ingest_ledger")).isEqualTo(stored);
        assertThat(row("SELECT outcome, items_returned::text, drift->'unknown'->>'tokens', "
                + "(drift = '{\"missing\": {}, \"unknown\": {\"tokens\": 2}}'::jsonb)::text FROM ingest_ledger "
                + "WHERE poll_id = '" + poll + "'")).containsExactly("ok", "100", "2", "true");
        assertThat(one("SELECT num_nulls(source_url, fetched_at, items_returned, repeats, rejected, requests, drift)"
                + " FROM ingest_ledger WHERE entity = 'rates'")).isEqualTo("7");
    }

    @Test
    void theLedgerKeepsThePollersIntervalAndNullForEventsWithoutOne() throws SQLException {
        LedgerRow timed = new LedgerRow(UUID.fromString("6a1f3c2e-0000-4000-8000-000000000003"), "assets", null,
                Instant.parse(T1), null, 0, 0, 0, 1, "ok", null, null, null, 10_000L);
        LedgerRow old = new LedgerRow(UUID.fromString("6a1f3c2e-0000-4000-8000-000000000004"), "assets", null,
                Instant.parse(T2), null, 0, 0, 0, 1, "ok", null, null, null);
        sink.write(connection, new SinkBatch(Map.of(), List.of(), List.of(timed, old), List.of()));
        assertThat(column("SELECT coalesce(interval_ms::text, 'NULL') FROM ingest_ledger ORDER BY poll_id"))
                .containsExactly("10000", "NULL");
    }

    @Test
    void invalidDriftJsonFailsTheWholeWrite() throws SQLException {
        LedgerRow broken = new LedgerRow(UUID.randomUUID(), "assets", null, Instant.parse(T1), null, null, null,
                null, null, "ok", null, null, "{not json");
        SinkBatch batch = new SinkBatch(Map.of(SinkTable.ASSETS, List.of(asset(1, "bitcoin", T1, "1.0"))),
                List.of(), List.of(broken), List.of());

        assertThatThrownBy(() -> sink.write(connection, batch)).isInstanceOf(SQLException.class)
                .hasMessageContaining("json");
        assertThat(dumpAll().values()).allSatisfy(rows -> assertThat(rows).isEmpty());
    }

    @Test
    void streamProgressOnlyMovesForwardPerQueryTopicAndPartition() throws SQLException {
        sink.write(connection, progress(new Progress("q1", "coincap.assets", 0, 10, 1),
                new Progress("q1", "coincap.assets", 1, 7, 1)));
        sink.write(connection, progress(new Progress("q1", "coincap.assets", 0, 5, 2),
                new Progress("q2", "coincap.assets", 0, 3, 2)));
        sink.write(connection, progress(new Progress("q1", "coincap.assets", 1, 15, 3),
                new Progress("q1", "coincap.assets", 1, 20, 3), new Progress("q1", "coincap.assets", 1, 12, 3)));

        assertThat(column("SELECT query || ' ' || partition || ' ' || next_offset || ' ' || batch_id "
                + "FROM stream_progress ORDER BY 1")).containsExactly("q1 0 10 1", "q1 1 20 3", "q2 0 3 2");
        assertThat(one("SELECT count(*) FROM stream_progress WHERE committed_at IS NULL")).isEqualTo("0");
    }

    @Test
    void nullsStayNullAndTheEmptyStringStaysEmpty() throws SQLException {
        List<String> values = new ArrayList<>(java.util.Collections.nCopies(SinkTable.ASSETS.columns().size(), null));
        values.set(0, "bitcoin");
        values.set(2, "");
        values.set(values.size() - 1, T1);
        sink.write(connection, batch(SinkTable.ASSETS, new SinkRow(1, values)));

        String nulls = "SELECT num_nulls(rank, symbol, name, supply, max_supply, market_cap_usd, volume_usd_24hr, "
                + "price_usd, change_percent_24hr, vwap_24hr, explorer)::text, (symbol = '')::text FROM ";
        assertThat(row(nulls + "asset_snapshots")).containsExactly("10", "true");
        assertThat(row(nulls + "assets")).containsExactly("10", "true");
    }

    @Test
    void textWithTabsNewlinesBackslashesAndNonAsciiRoundTrips() throws SQLException {
        String name = "tab\there\nnew\r\nline back\\slash \\N \\. end";
        String explorer = "são-tomé-and-príncipe-dobra-(pre-2018) 🚀 \u00a0 ü";
        SinkRow row = asset(1, "weird", T1, "1");
        List<String> values = new ArrayList<>(row.values());
        values.set(3, name);
        values.set(11, explorer);
        sink.write(connection, batch(SinkTable.ASSETS, new SinkRow(1, values)));

        assertThat(row("SELECT name, explorer FROM asset_snapshots")).containsExactly(name, explorer);
        assertThat(row("SELECT name, explorer FROM assets")).containsExactly(name, explorer);
    }

    @Test
    void aBatchPostgresRefusesRollsBackEntirelyAndTheConnectionStaysUsable() throws SQLException {
        SinkBatch bad = new SinkBatch(Map.of(SinkTable.ASSETS, List.of(asset(1, "bitcoin", T1, "1.0")),
                SinkTable.RATES, List.of(rate(2, "euro", T1, "1.08")),
                SinkTable.MARKETS, List.of(market(3, "binance", "bitcoin", "tether", T1, "abc"))),
                List.of(new RejectRow("coincap.assets", 0, 1, null, "x", "invalid json", Instant.parse(T1))),
                List.of(), List.of(new Progress("q", "coincap.assets", 0, 4, 1)));

        assertThatThrownBy(() -> sink.write(connection, bad)).isInstanceOf(SQLException.class)
                .hasMessageContaining("abc");

        assertThat(dumpAll().values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        assertThat(connection.getAutoCommit()).isTrue();
        sink.write(connection, everything());
        assertThat(one("SELECT count(*) FROM markets")).isEqualTo("2");
    }

    @Test
    void aValueHoldingNulIsRefusedNamingTheColumnAndNothingIsWritten() throws SQLException {
        SinkRow nul = market(2, "binance", "bitcoin", "tether", T1, "1.0");
        List<String> values = new ArrayList<>(nul.values());
        values.set(3, "BT\u0000C");
        SinkBatch bad = new SinkBatch(Map.of(SinkTable.ASSETS, List.of(asset(1, "bitcoin", T1, "1.0")),
                SinkTable.MARKETS, List.of(new SinkRow(2, values))), List.of(), List.of(), List.of());

        assertThatThrownBy(() -> sink.write(connection, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base_symbol");

        assertThat(dumpAll().values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        sink.write(connection, everything());
        assertThat(one("SELECT count(*) FROM assets")).isEqualTo("2");
    }

    @Test
    void aRowWithTheWrongNumberOfValuesIsRefusedBeforeAnythingIsWritten() {
        SinkBatch bad = new SinkBatch(Map.of(SinkTable.RATES, List.of(new SinkRow(1, List.of("euro", T1)))),
                List.of(), List.of(), List.of());

        assertThatThrownBy(() -> sink.write(connection, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rates").hasMessageContaining("2 values for the 6 columns");
    }

    @Test
    void theCallersAutocommitIsRestoredAndStagesAreEmptyAfterEveryWrite() throws SQLException {
        connection.setAutoCommit(false);
        try {
            sink.write(connection, everything());
            assertThat(connection.getAutoCommit()).isFalse();
        } finally {
            connection.setAutoCommit(true);
        }
        sink.write(connection, everything());

        for (SinkTable table : SinkTable.values()) {
            assertThat(one("SELECT count(*) FROM " + SinkSql.stage(table.snapshots()))).isEqualTo("0");
        }
        assertThat(one("SELECT count(*) FROM " + SinkSql.stage(SinkSql.REJECTS))).isEqualTo("0");
        assertThat(one("SELECT count(*) FROM " + SinkSql.stage(SinkSql.LEDGER))).isEqualTo("0");
    }

    @Test
    void anEmptyBatchWritesNothing() throws SQLException {
        assertThat(sink.write(connection, new SinkBatch(Map.of(), List.of(), List.of(), List.of())))
                .isEqualTo(SinkCounts.none());
    }

    // --- batches

    static SinkBatch everything() {
        Map<SinkTable, List<SinkRow>> rows = new LinkedHashMap<>();
        rows.put(SinkTable.ASSETS, List.of(asset(1, "bitcoin", T1, "98765.432100000000000000"),
                asset(2, "ethereum", T1, "3456.7")));
        rows.put(SinkTable.RATES, List.of(rate(3, "euro", T1, "1.0812")));
        rows.put(SinkTable.EXCHANGES, List.of(exchange(4, "binance", T1)));
        rows.put(SinkTable.MARKETS, List.of(market(5, "binance", "bitcoin", "tether", T1, "98765.43"),
                market(6, "binance", "ethereum", "tether", T1, "3456.70")));
        return new SinkBatch(rows,
                List.of(new RejectRow("coincap.assets", 0, 9, "doge", "{\"id\":\"doge\"\n", "invalid json",
                        Instant.parse(T1))),
                List.of(new LedgerRow(UUID.fromString("6a1f3c2e-0000-4000-8000-0000000000aa"), "assets",
                        "https://rest.coincap.io/v3/assets", Instant.parse(T1), Instant.parse(T1), 2, 0, 1, 1, "ok",
                        null, null, "{\"unknown\": {}}")),
                List.of(new Progress("assets", "coincap.assets", 0, 10, 1)));
    }

    static SinkBatch batch(SinkTable table, SinkRow... rows) {
        return new SinkBatch(Map.of(table, List.of(rows)), List.of(), List.of(), List.of());
    }

    static SinkBatch progress(Progress... progress) {
        return new SinkBatch(Map.of(), List.of(), List.of(), List.of(progress));
    }

    static SinkRow asset(long order, String id, String observedAt, String priceUsd) {
        return new SinkRow(order, Arrays.asList(id, "1", id.toUpperCase(Locale.ROOT), "Name of " + id,
                "19000000.0000", null, "1.5", "2.5", priceUsd, "-0.5", "3.25", "https://explorer/" + id, observedAt));
    }

    static SinkRow rate(long order, String id, String observedAt, String rateUsd) {
        return new SinkRow(order, Arrays.asList(id, "EUR", "€", "fiat", rateUsd, observedAt));
    }

    static SinkRow exchange(long order, String id, String observedAt) {
        return new SinkRow(order, Arrays.asList(id, "Name of " + id, "1", "25.50", "1000.10", "250", "true",
                "https://" + id, "2026-11-27T10:15:00Z", observedAt));
    }

    static SinkRow market(long order, String exchange, String base, String quote, String observedAt,
                          String priceUsd) {
        return new SinkRow(order, Arrays.asList(exchange, base, quote, base.toUpperCase(Locale.ROOT),
                quote.toUpperCase(Locale.ROOT), "1", priceUsd, priceUsd, "100.0", "1.5", "12345", null, observedAt));
    }

    // --- reading back, always as text

    static Map<String, List<String>> dumpAll() throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String table : TABLES) {
            all.put(table, dump(table));
        }
        return all;
    }

    /** Every row of the table as PostgreSQL's text of the whole row, sorted. */
    static List<String> dump(String table) throws SQLException {
        return column("SELECT t::text FROM " + table + " t ORDER BY 1");
    }

    static List<String> columnsOf(String table) throws SQLException {
        return column("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND table_name = '" + table + "' ORDER BY ordinal_position");
    }

    static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The only row the query returns. */
    static List<String> row(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            assertThat(rs.next()).as("only one row from %s", sql).isFalse();
            return values;
        }
    }

    static String one(String sql) throws SQLException {
        return row(sql).get(0);
    }

    static void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
