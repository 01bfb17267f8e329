package io.cryptopipe.store.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.store.PgServer;
import io.cryptopipe.store.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ticks, duplicates, lateness and candles on the embedded PostgreSQL, read back as text. */
class TickSinkIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Duration LATENESS = Duration.ofMinutes(2);

    @TempDir
    static Path data;
    static PgServer server;
    static Connection connection;
    final TickSink sink = new TickSink(LATENESS);
    long offset;

    @BeforeAll
    static void start() throws Exception {
        server = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
        Schema.migrate(server.dataSource());
        connection = server.dataSource().getConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE price_ticks, price_tick_duplicates, late_ticks, tick_watermarks, candles_1m");
        }
    }

    @Test
    void ticksMakeCandlesInTickTimeWithExactPrices() throws Exception {
        write(tick("bitcoin", "10:00:05", "100.10"), tick("bitcoin", "10:00:01", "99.5000"),
                tick("bitcoin", "10:00:59.999", "101"), tick("bitcoin", "10:01:00", "102.25"),
                tick("ethereum", "10:00:30", "3000.000000000000000001"));
        assertThat(candles()).containsExactly(
                "bitcoin 10:00 99.5000 101 99.5000 101 3",
                "bitcoin 10:01 102.25 102.25 102.25 102.25 1",
                "ethereum 10:00 3000.000000000000000001 3000.000000000000000001 3000.000000000000000001 "
                        + "3000.000000000000000001 1");
    }

    @Test
    void aTickBehindTheWatermarkWithinTheLatenessRestatesItsCandle() throws Exception {
        write(tick("bitcoin", "10:01:10", "100"), tick("bitcoin", "10:03:00", "110"));
        write(tick("bitcoin", "10:01:30", "90"), tick("bitcoin", "10:00:10", "95"));
        assertThat(candles()).containsExactly("bitcoin 10:01 100 100 90 90 2", "bitcoin 10:03 110 110 110 110 1");
        assertThat(count("late_ticks")).isEqualTo(1); // 10:00:10 is 2m50s behind 10:03:00
        assertThat(text("SELECT reason FROM late_ticks")).singleElement().asString()
                .contains("behind the asset's watermark by 00:02:50").contains("lateness of 00:02:00");
    }

    @Test
    void aTickBeyondTheLatenessGoesToLateTicksAndLeavesCandlesAlone() throws Exception {
        write(tick("bitcoin", "10:05:00", "100"));
        List<String> before = candles();
        TickSink.TickCounts counts = write(tick("bitcoin", "10:02:59", "1"));
        assertThat(counts.late()).isEqualTo(1);
        assertThat(candles()).isEqualTo(before);
        assertThat(text("SELECT asset_id || ' ' || price_usd || ' ' || watermark FROM late_ticks"))
                .containsExactly("bitcoin 1 2026-11-27 10:05:00+00");
        assertThat(count("price_ticks")).isEqualTo(1);
    }

    @Test
    void aSecondTickForTheSameAssetAndMillisecondIsCountedNotStored() throws Exception {
        TickSink.TickCounts counts = write(tick("bitcoin", "10:00:00.123", "100"), tick("bitcoin", "10:00:00.123",
                "200"));
        assertThat(counts.stored()).isEqualTo(1);
        assertThat(counts.duplicates()).isEqualTo(1);
        write(tick("bitcoin", "10:00:00.123", "300"));
        assertThat(text("SELECT price_usd::text FROM price_ticks")).containsExactly("100");
        assertThat(count("price_tick_duplicates")).isEqualTo(2);
    }

    @Test
    void replayingTheSameRecordsChangesNothingEvenAfterTheWatermarkMoved() throws Exception {
        List<TickSink.TickRow> first = List.of(tick("bitcoin", "10:00:00", "100"), tick("bitcoin", "10:00:00", "101"),
                tick("bitcoin", "10:00:20", "102"));
        write(first);
        write(tick("bitcoin", "10:30:00", "150")); // the watermark moves far ahead
        String before = dump();
        write(first); // a micro-batch replayed after a crash: same Kafka positions
        assertThat(dump()).isEqualTo(before);
        assertThat(count("late_ticks")).isZero();
    }

    private TickSink.TickCounts write(TickSink.TickRow... ticks) throws SQLException {
        return write(List.of(ticks));
    }

    private TickSink.TickCounts write(List<TickSink.TickRow> ticks) throws SQLException {
        connection.setAutoCommit(false);
        TickSink.TickCounts counts = sink.write(connection, ticks, NOW);
        connection.commit();
        connection.setAutoCommit(true);
        return counts;
    }

    private TickSink.TickRow tick(String asset, String time, String price) {
        return new TickSink.TickRow(asset, Instant.parse("2026-11-27T" + time + "Z"), price, "socket",
                "coincap.prices", 0, offset++);
    }

    private static List<String> candles() throws SQLException {
        return text("SELECT asset_id || ' ' || to_char(bucket_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || open || ' '"
                + " || high || ' ' || low || ' ' || close || ' ' || tick_count FROM candles_1m ORDER BY 1");
    }

    private static String dump() throws SQLException {
        List<String> all = new ArrayList<>();
        for (String table : List.of("price_ticks", "price_tick_duplicates", "late_ticks", "tick_watermarks",
                "candles_1m")) {
            all.add(table + text("SELECT t::text FROM " + table + " t ORDER BY 1"));
        }
        return String.join("\n", all);
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(text("SELECT count(*) FROM " + table).get(0));
    }

    private static List<String> text(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
