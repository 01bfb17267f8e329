package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which faults strike, decided from the seed in request order, and what item faults do to rows. */
class FaultsTest {

    @Test
    void noPlanLeavesEveryRequestAndItemAlone() {
        Faults faults = new Faults(FaultPlan.NONE, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(faults.decide(Version.V2)).isEqualTo(RestFault.NONE);
        }
        List<Map<String, Object>> rows = List.of(asset("bitcoin"), asset("ethereum"));
        assertThat(faults.shape(ItemKind.ASSET, rows))
                .containsExactly(new ServedItem("bitcoin", false), new ServedItem("ethereum", false));
        assertThat(rows.get(0)).isEqualTo(asset("bitcoin"));
    }

    @Test
    void a429StormAnswersExactlyBurstRequestsInARow() {
        Faults faults = new Faults(FaultPlan.parse("429=0.05,429-burst=4"), 11);
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < 3_000; i++) {
            if (faults.decide(Version.V3).kind() == RestFault.Kind.TOO_MANY_REQUESTS) {
                run++;
            } else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        assertThat(runs).hasSizeGreaterThan(10).allSatisfy(r -> assertThat(r % 4).as("run of %d", r).isZero());
        assertThat(runs).contains(4);
    }

    @Test
    void serverErrorsAreSpreadOver500And502And503() {
        Faults faults = new Faults(FaultPlan.parse("5xx=1"), 2);
        Set<RestFault.Kind> seen = EnumSet.noneOf(RestFault.Kind.class);
        for (int i = 0; i < 100; i++) {
            seen.add(faults.decide(Version.V3).kind());
        }
        assertThat(seen).containsExactlyInAnyOrder(RestFault.Kind.SERVER_ERROR, RestFault.Kind.BAD_GATEWAY,
                RestFault.Kind.UNAVAILABLE);
    }

    @Test
    void theDeprecationNoticeOnlyStrikesV2() {
        Faults faults = new Faults(FaultPlan.parse("deprecated=1"), 2);
        assertThat(faults.decide(Version.V2).kind()).isEqualTo(RestFault.Kind.DEPRECATED);
        assertThat(faults.decide(Version.V3)).isEqualTo(RestFault.NONE);
    }

    @Test
    void aStallComesWithTheConfiguredDuration() {
        Faults faults = new Faults(FaultPlan.parse("slow=1:250ms"), 2);
        assertThat(faults.decide(Version.V3)).isEqualTo(new RestFault(RestFault.Kind.NONE, Duration.ofMillis(250)));
    }

    @Test
    void theSameSeedAndRequestOrderMeetTheSameFaults() {
        FaultPlan plan = FaultPlan.parse("429=0.2,5xx=0.2,malformed=0.2,truncate=0.2,slow=0.3:1s");
        assertThat(kinds(new Faults(plan, 5))).isEqualTo(kinds(new Faults(plan, 5)))
                .isNotEqualTo(kinds(new Faults(plan, 6)));
    }

    @Test
    void badItemsSpoilEveryItemOnlyInFieldsItHasAndKeepTheKey() {
        Faults faults = new Faults(FaultPlan.parse("bad-items=1"), 3);
        Set<String> exchangeRanks = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> row = exchange("binance");
            Map<String, Object> before = new LinkedHashMap<>(row);
            assertThat(faults.shape(ItemKind.EXCHANGE, List.of(row))).containsExactly(new ServedItem("binance", true));
            assertThat(row).isNotEqualTo(before).doesNotContainKey("priceUsd");
            exchangeRanks.add(String.valueOf(row.get("rank")));
        }
        assertThat(exchangeRanks).contains("1.5", "3");
        Map<String, Object> history = new LinkedHashMap<>(Map.of("priceUsd", "0", "time", 1_000L));
        for (int i = 0; i < 50; i++) {
            Map<String, Object> row = new LinkedHashMap<>(history);
            faults.shape(ItemKind.HISTORY, List.of(row));
            assertThat(row).doesNotContainKey("rank").isNotEqualTo(history);
            assertThat(row.get("priceUsd")).isNotEqualTo("-0");
        }
    }

    @Test
    void extraFieldsAddSimExtraWithoutCorrupting() {
        Faults faults = new Faults(FaultPlan.parse("extra-fields=1"), 3);
        Map<String, Object> row = asset("bitcoin");
        assertThat(faults.shape(ItemKind.ASSET, List.of(row))).containsExactly(new ServedItem("bitcoin", false));
        assertThat(row).containsEntry("simExtra", "1").containsEntry("priceUsd", "100.5");
    }

    @Test
    void naturalKeysFollowTheEntity() {
        Map<String, Object> market = new LinkedHashMap<>(Map.of("exchangeId", "binance", "baseId", "bitcoin",
                "quoteId", "tether"));
        assertThat(ItemKind.MARKET.key(market)).isEqualTo("binance/bitcoin/tether");
        assertThat(ItemKind.HISTORY.key(Map.of("time", 1_700_000_000_000L))).isEqualTo("1700000000000");
        assertThat(ItemKind.EXCHANGE.key(exchange("kraken"))).isEqualTo("kraken");
    }

    private static List<RestFault> kinds(Faults faults) {
        List<RestFault> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(faults.decide(i % 2 == 0 ? Version.V2 : Version.V3));
        }
        return out;
    }

    private static Map<String, Object> asset(String id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("rank", "1");
        row.put("priceUsd", "100.5");
        return row;
    }

    private static Map<String, Object> exchange(String id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("exchangeId", id);
        row.put("rank", "3");
        row.put("volumeUsd", null);
        return row;
    }
}
