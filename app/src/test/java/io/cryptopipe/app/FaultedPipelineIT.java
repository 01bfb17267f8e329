package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.ingest.ArchivedPoll;
import io.cryptopipe.ingest.NaturalKey;
import io.cryptopipe.ingest.RawArchive;
import io.cryptopipe.ingest.RawItems;
import io.cryptopipe.store.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} against a misbehaving API (corrupt items, unknown fields, v2's end-of-life body, server errors): it
 * keeps running and exits 0; every corrupt item is in {@code rejected_records} with its reason, every good one is
 * stored, every poll is in the ledger (failed ones with the body that ended them) and unknown fields are counted.
 */
class FaultedPipelineIT {
    private static final Map<String, Entity<?>> ENTITIES = Map.of("assets", Entity.ASSET, "rates", Entity.RATE,
            "exchanges", Entity.EXCHANGE, "markets", Entity.MARKET);
    private static final Map<String, String> SNAPSHOT_KEYS = Map.of(
            "assets", "SELECT id, observed_at FROM asset_snapshots",
            "rates", "SELECT id, observed_at FROM rate_snapshots",
            "exchanges", "SELECT exchange_id, observed_at FROM exchange_snapshots",
            "markets", "SELECT exchange_id || '/' || base_id || '/' || quote_id, observed_at FROM market_snapshots");

    @TempDir
    Path data;

    @Test
    void badItemsAreRejectedWithReasonsFailedPollsLedgeredAndEverythingElseStored() throws Exception {
        CliRun up = CliRun.run("up", "--data-dir", data.toString(), "--http-port", "0", "--duration", "15s", "--coincap-api", "v2",
                "--assets", "40", "--exchanges", "5", "--markets", "60", "--poll-assets", "1s", "--poll-rates",
                "2s", "--poll-exchanges", "2s", "--poll-markets", "2s", "--coincap-attempts", "2",
                "--faults", "bad-items=0.05,extra-fields=0.1,deprecated=0.15,5xx=0.1");
        assertThat(up.exitCode()).as(up.out() + up.err()).isZero();

        List<ArchivedPoll> polls = new RawArchive(data.resolve("raw")).read(Instant.MIN, Instant.MAX).polls();
        CoinCapParser parser = new CoinCapParser(ApiShape.V2);
        int rejected = 0;
        Map<String, Set<String>> accepted = new java.util.HashMap<>();
        for (ArchivedPoll poll : polls) {
            if (poll.outcome() != ArchivedPoll.Outcome.OK) {
                continue;
            }
            for (ArchivedPoll.Page page : poll.pages()) {
                for (String item : RawItems.split(page.body()).orElse(List.of())) {
                    if (parser.parseItem(ENTITIES.get(poll.entity()), item) instanceof ParsedResponse.Page<?> p
                            && p.rejections().isEmpty()) {
                        accepted.computeIfAbsent(poll.entity(), e -> new HashSet<>())
                                .add(NaturalKey.of(poll.entity(), item).orElseThrow() + "@" + poll.observedAt());
                    } else {
                        rejected++;
                    }
                }
            }
        }
        assertThat(rejected).as("the faults corrupted some archived items").isPositive();
        assertThat(polls).anySatisfy(p -> assertThat(p.outcome()).isEqualTo(ArchivedPoll.Outcome.FAILED));

        try (PgServer pg = PgServer.start(data.resolve("pg"), data.resolve("pg-runtime"));
             Connection db = pg.dataSource().getConnection()) {
            for (String entity : ENTITIES.keySet()) {
                assertThat(keys(db, SNAPSHOT_KEYS.get(entity))).as(entity)
                        .isEqualTo(accepted.getOrDefault(entity, Set.of()));
            }
            assertThat(count(db, "SELECT count(*) FROM rejected_records")).isEqualTo(rejected);
            assertThat(count(db, "SELECT count(*) FROM rejected_records WHERE reason = '' OR raw IS NULL")).isZero();
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger")).isEqualTo(polls.size());
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger WHERE outcome = 'failed' AND reason IS NOT NULL"))
                    .isEqualTo(polls.stream().filter(p -> p.outcome() == ArchivedPoll.Outcome.FAILED).count());
            assertThat(count(db, "SELECT count(*) FROM ingest_ledger WHERE reason LIKE 'DEPRECATED%' "
                    + "AND archived_body LIKE '%message%'")).isPositive();
            assertThat(count(db, "SELECT coalesce(sum((drift->'unknown'->>'simExtra')::int), 0) FROM ingest_ledger"))
                    .as("unknown fields counted").isPositive();
        }
    }

    private static Set<String> keys(Connection db, String sql) throws Exception {
        Set<String> keys = new HashSet<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1) + "@" + rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return keys;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
