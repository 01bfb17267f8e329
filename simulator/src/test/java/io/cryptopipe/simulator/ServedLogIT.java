package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.AssetMarket;
import io.cryptopipe.core.model.Exchange;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served log over real HTTP: exactly the items of the 200s written in full, nothing for anything else. */
class ServedLogIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final SimulatorConfig CONFIG = new SimulatorConfig("127.0.0.1", 0, 300, 10, 400, 13, 1);
    static final CoinCapParser V2 = new CoinCapParser(ApiShape.V2);
    static final CoinCapParser V3 = new CoinCapParser(ApiShape.V3);
    static final Pattern LINE = Pattern.compile("\\{\"at\":(\\d+),\"request\":(\\d+),\"path\":\"([^\"]*)\","
            + "\"entity\":\"([a-z_]+)\",\"key\":\"(.*)\",\"corrupted\":(true|false)}");

    @TempDir
    Path dir;

    /** One parsed log line. */
    record Line(long at, long request, String path, String entity, String key, boolean corrupted) {
        static Line parse(String text) {
            Matcher m = LINE.matcher(text);
            assertThat(m.matches()).as("log line %s", text).isTrue();
            return new Line(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3), m.group(4),
                    m.group(5), Boolean.parseBoolean(m.group(6)));
        }
    }

    @Test
    void aCleanPageLogsExactlyOneLinePerItemInPageOrder() throws Exception {
        Path log = dir.resolve("served.jsonl");
        try (Simulator sim = start(CONFIG.withServedLog(log))) {
            List<Asset> page = items(V3, Entity.ASSET, new HttpFixture(sim.baseUrl()).get("/v3/assets?limit=250"));
            List<Line> lines = lines(log);
            assertThat(lines).hasSize(250);
            assertThat(lines).extracting(Line::key).containsExactlyElementsOf(page.stream().map(Asset::id).toList());
            assertThat(lines).allSatisfy(l -> {
                assertThat(l).extracting(Line::at, Line::request, Line::path, Line::entity, Line::corrupted)
                        .containsExactly(NOW.toEpochMilli(), 1L, "/v3/assets", "asset", false);
            });
        }
    }

    @Test
    void everyEntityIsLoggedUnderItsNaturalKeyIncludingSingleItems() throws Exception {
        Path log = dir.resolve("served.jsonl");
        try (Simulator sim = start(CONFIG.withServedLog(log))) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            http.get("/v2/rates/bitcoin");
            List<Exchange> exchanges = items(V3, Entity.EXCHANGE, http.get("/v3/exchanges?limit=4"));
            List<Market> markets = items(V3, Entity.MARKET, http.get("/v3/markets?limit=5"));
            List<AssetMarket> assetMarkets = items(V2, Entity.ASSET_MARKET,
                    http.get("/v2/assets/bitcoin/markets?limit=3"));
            long end = NOW.toEpochMilli();
            List<HistoryPoint> history = items(V2, Entity.HISTORY,
                    http.get("/v2/assets/bitcoin/history?interval=h1&start=" + (end - 7_200_000) + "&end=" + end));
            Map<String, List<String>> keys = lines(log).stream().collect(Collectors.groupingBy(Line::entity,
                    Collectors.mapping(Line::key, Collectors.toList())));
            assertThat(keys.get("rate")).containsExactly("bitcoin");
            assertThat(keys.get("exchange")).containsExactlyElementsOf(
                    exchanges.stream().map(Exchange::exchangeId).toList());
            assertThat(keys.get("market")).containsExactlyElementsOf(markets.stream().map(Market::key).toList());
            assertThat(keys.get("asset_market")).containsExactlyElementsOf(assetMarkets.stream()
                    .map(m -> m.exchangeName() + "/" + m.baseId() + "/" + m.quoteId()).toList());
            assertThat(keys.get("history")).hasSize(3).containsExactlyElementsOf(history.stream()
                    .map(p -> Long.toString(p.time().toEpochMilli())).toList());
            assertThat(keys).containsOnlyKeys("rate", "exchange", "market", "asset_market", "history");
        }
    }

    @Test
    void errorAnswersLogNothing() throws Exception {
        Path log = dir.resolve("served.jsonl");
        try (Simulator sim = start(CONFIG.withServedLog(log))) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            assertThat(http.get("/v3/assets/nope").status()).isEqualTo(404);
            assertThat(http.get("/v3/assets?limit=2001").status()).isEqualTo(400);
            assertThat(http.get("/v2/assets/bitcoin/history").status()).isEqualTo(400);
            assertThat(lines(log)).isEmpty();
        }
    }

    @Test
    void faultedAnswersLogNothingWhileCleanOnesLogTheirItems() throws Exception {
        Path log = dir.resolve("served.jsonl");
        FaultPlan plan = FaultPlan.parse("429=0.15,5xx=0.15,malformed=0.15,truncate=0.15,deprecated=0.15");
        int clean = 0;
        try (Simulator sim = start(CONFIG.withFaults(plan).withServedLog(log))) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            for (int i = 0; i < 60; i++) {
                clean += isCleanPageOfTen(http) ? 1 : 0;
            }
        }
        List<Line> lines = lines(log);
        Map<Long, Long> perRequest = lines.stream().collect(Collectors.groupingBy(Line::request,
                Collectors.counting()));
        assertThat(clean).as("some answers are clean, some are not").isBetween(5, 55);
        assertThat(perRequest).hasSize(clean).allSatisfy((request, n) -> assertThat(n).isEqualTo(10L));
        assertThat(lines).allSatisfy(l -> assertThat(l.corrupted()).isFalse());
    }

    @Test
    void corruptedItemsAreLoggedAsCorruptedUnderTheirOriginalKey() throws Exception {
        Path log = dir.resolve("served.jsonl");
        try (Simulator sim = start(CONFIG.withFaults(FaultPlan.parse("bad-items=1")).withServedLog(log))) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            http.get("/v3/assets?limit=40");
            http.get("/v3/assets/bitcoin");
        }
        List<Line> lines = lines(log);
        assertThat(lines).hasSize(41).allSatisfy(l -> assertThat(l.corrupted()).isTrue());
        List<String> keys = lines.stream().map(Line::key).toList();
        assertThat(keys.subList(0, 40)).doesNotHaveDuplicates().doesNotContain("null").contains("bitcoin");
        assertThat(keys.get(40)).isEqualTo("bitcoin");
    }

    private static boolean isCleanPageOfTen(HttpFixture http) {
        try {
            HttpFixture.Answer answer = http.get("/v2/assets?limit=10");
            if (answer.status() != 200) {
                return false;
            }
            ParsedResponse<Asset> parsed = V2.parseList(Entity.ASSET, answer.body());
            return parsed instanceof ParsedResponse.Page<Asset> page && page.accepted().size() == 10;
        } catch (UncheckedIOException truncated) {
            return false;
        }
    }

    static <T> List<T> items(CoinCapParser parser, Entity<T> entity, HttpFixture.Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        ParsedResponse<T> parsed = parser.parseList(entity, answer.body());
        assertThat(parsed).isInstanceOf(ParsedResponse.Page.class);
        return ((ParsedResponse.Page<T>) parsed).items();
    }

    static List<Line> lines(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(Line::parse).toList();
    }

    private static Simulator start(SimulatorConfig config) throws IOException {
        return Simulator.start(config, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
