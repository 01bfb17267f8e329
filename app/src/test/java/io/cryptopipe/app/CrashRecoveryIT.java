package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.fault.CrashPoints;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.NaturalKey;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.ingest.RawItems;
import io.cryptopipe.store.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM running {@code up} is halted (no shutdown hooks, as {@code kill -9}) at the two moments where a crash
 * could lose or double data: after a PostgreSQL commit before Spark commits the batch's offsets, and after a poll is
 * archived before it is published. A restart must then store every archived item exactly once and ledger every
 * archived poll.
 */
class CrashRecoveryIT {
    private static final Map<String, String> TABLES = Map.of("assets", "asset_snapshots", "rates", "rate_snapshots",
            "exchanges", "exchange_snapshots", "markets", "market_snapshots");
    private static final Map<String, String> KEYS = Map.of("assets", "id", "rates", "id",
            "exchanges", "exchange_id", "markets", "exchange_id || '/' || base_id || '/' || quote_id");

    @TempDir
    Path data;

    @Test
    void haltBetweenThePostgresCommitAndTheOffsetCommitLosesAndDoublesNothing() throws Exception {
        crashThenRestart(CrashPoints.AFTER_PG_COMMIT);
    }

    @Test
    void haltBetweenArchiveAndPublishLosesNothingBecauseTheRestartRepublishes() throws Exception {
        crashThenRestart(CrashPoints.AFTER_ARCHIVE);
    }

    private void crashThenRestart(String point) throws Exception {
        Process crashed = up("-D" + CrashPoints.PROPERTY + "=" + point, "--duration", "120s");
        assertThat(crashed.waitFor(180, TimeUnit.SECONDS)).as("halts at " + point).isTrue();
        assertThat(crashed.exitValue()).as("halted at " + point).isEqualTo(CrashPoints.HALT_STATUS);
        int archivedAtCrash = archived().size();
        assertThat(archivedAtCrash).isPositive();

        Process restarted = up("--duration", "8s");
        assertThat(restarted.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(restarted.exitValue()).as("restart drains and stops cleanly").isZero();

        List<ArchivedPoll> polls = archived();
        assertThat(polls.size()).isGreaterThan(archivedAtCrash);
        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection()) {
            for (String entity : TABLES.keySet()) {
                assertThat(stored(db, entity)).as("%s snapshots after %s", entity, point)
                        .isEqualTo(expected(polls, entity));
            }
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger")).isEqualTo(polls.size());
            assertThat(count(db, "SELECT count(*) FROM rejected_records")).isZero();
        }
    }

    /** {@code key@observed_at} of every item the archive holds for the entity. */
    private static Set<String> expected(List<ArchivedPoll> polls, String entity) {
        Set<String> keys = new HashSet<>();
        for (ArchivedPoll poll : polls) {
            if (!poll.entity().equals(entity)) {
                continue;
            }
            for (ArchivedPoll.Page page : poll.pages()) {
                if (page.status() / 100 == 2) {
                    RawItems.split(page.body()).orElse(List.of()).forEach(item ->
                            keys.add(NaturalKey.of(entity, item).orElseThrow() + "@" + poll.observedAt()));
                }
            }
        }
        return keys;
    }

    private static Set<String> stored(Connection db, String entity) throws Exception {
        Set<String> keys = new HashSet<>();
        int rows = 0;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + KEYS.get(entity) + ", observed_at FROM " + TABLES.get(entity))) {
            while (rs.next()) {
                keys.add(rs.getString(1) + "@" + rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                rows++;
            }
        }
        assertThat(rows).as("no %s snapshot stored twice", entity).isEqualTo(keys.size());
        return keys;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<ArchivedPoll> archived() throws IOException {
        RawArchive.Contents contents = new RawArchive(data.resolve("raw")).read(Instant.MIN, Instant.MAX);
        return contents.polls();
    }

    /** {@code up} in its own JVM on the shared data directory, small market, fast polls; output discarded. */
    private Process up(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JarLaunchIT.JAVA, "-Xmx1g"));
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty() && rest.get(0).startsWith("-D")) {
            command.add(rest.remove(0));
        }
        command.addAll(List.of("-jar", JarLaunchIT.JAR.toString(), "up", "--data-dir", data.toString(),
                "--assets", "30", "--exchanges", "4", "--markets", "40", "--poll-assets", "1s", "--poll-rates", "2s",
                "--poll-exchanges", "2s", "--poll-markets", "2s", "--kafka-partitions", "2", "--http-port", "0"));
        command.addAll(rest);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling(data.getFileName() + "-out.log")
                        .toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(data.resolveSibling(data.getFileName() + "-err.log")
                        .toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("COINCAP_") || k.startsWith("CRYPTOPIPE_"));
        Files.createDirectories(data);
        return builder.start();
    }
}
