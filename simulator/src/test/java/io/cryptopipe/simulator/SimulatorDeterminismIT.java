package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.core.testing.SteppingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a seed promises, how time moves, and the full scale the issue asks for. */
class SimulatorDeterminismIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final CoinCapParser V3 = new CoinCapParser(ApiShape.V3);

    @Test
    void sameSeedAndClockServeByteIdenticalBodies() throws Exception {
        SimulatorConfig config = new SimulatorConfig("127.0.0.1", 0, 300, 30, 2_000, 99, 1);
        try (Simulator a = Simulator.start(config, Clock.fixed(NOW, ZoneOffset.UTC));
             Simulator b = Simulator.start(config, Clock.fixed(NOW, ZoneOffset.UTC))) {
            for (String path : List.of("/v3/assets?limit=2000", "/v2/markets?limit=2000", "/v3/exchanges?limit=50",
                    "/v2/rates", "/v3/assets/bitcoin/history?interval=h1")) {
                assertThat(get(a, path)).as(path).isEqualTo(get(b, path));
            }
        }
    }

    @Test
    void anotherSeedServesAnotherMarket() throws Exception {
        try (Simulator a = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 300, 30, 2_000, 1, 1),
                Clock.fixed(NOW, ZoneOffset.UTC));
             Simulator b = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 300, 30, 2_000, 2, 1),
                     Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(get(a, "/v3/assets?limit=2000")).isNotEqualTo(get(b, "/v3/assets?limit=2000"));
        }
    }

    @Test
    void timestampAndPricesMoveWithTheClockBetweenPages() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 100, 10, 500, 5, 1),
                new SteppingClock(NOW, Duration.ofSeconds(7)))) {
            ParsedResponse.Page<Asset> first = page(sim, "/v3/assets?limit=50");
            ParsedResponse.Page<Asset> second = page(sim, "/v3/assets?limit=50&offset=50");
            ParsedResponse.Page<Asset> again = page(sim, "/v3/assets?limit=50");
            assertThat(second.timestamp().orElseThrow()).isAfter(first.timestamp().orElseThrow());
            assertThat(again.items().get(0).priceUsd()).isNotEqualTo(first.items().get(0).priceUsd());
        }
    }

    @Test
    void speedRunsSimulatedTimeFasterThanTheClock() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 20, 5, 50, 5, 60),
                new SteppingClock(NOW, Duration.ofSeconds(1)))) {
            long first = page(sim, "/v3/assets?limit=1").timestamp().orElseThrow().toEpochMilli();
            long second = page(sim, "/v3/assets?limit=1").timestamp().orElseThrow().toEpochMilli();
            assertThat(second - first).isEqualTo(60_000);
        }
    }

    @Test
    void servesTheFullScaleOf2000Assets200ExchangesAnd20000Markets() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 2_000, 200, 20_000, 42, 1),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            ParsedResponse.Page<Asset> assets = (ParsedResponse.Page<Asset>) new CoinCapParser(ApiShape.V2)
                    .parseList(Entity.ASSET, http.get("/v2/assets?limit=2000").body());
            assertThat(assets.items()).hasSize(2_000);
            assertThat(assets.rejections()).isEmpty();
            List<Market> first = markets(http, "/v3/markets?limit=2000");
            List<Market> second = markets(http, "/v3/markets?limit=2000&offset=2000");
            assertThat(second).hasSize(2_000);
            Set<String> keys = new HashSet<>();
            first.forEach(m -> keys.add(m.key()));
            second.forEach(m -> assertThat(keys.add(m.key())).isTrue());
            assertThat(markets(http, "/v3/markets?limit=2000&offset=18000")).hasSize(2_000);
            assertThat(markets(http, "/v3/markets?limit=2000&offset=20000")).isEmpty();
        }
    }

    @Test
    void moreMarketsThanDistinctPairsIsRefusedNamingTheFlags() {
        assertThatThrownBy(() -> Simulator.start(new SimulatorConfig("127.0.0.1", 0, 3, 1, 100, 1, 1),
                Clock.fixed(NOW, ZoneOffset.UTC)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--markets 100").hasMessageContaining("--assets 3");
    }

    private static List<Market> markets(HttpFixture http, String path) {
        ParsedResponse.Page<Market> page = (ParsedResponse.Page<Market>) V3.parseList(Entity.MARKET,
                http.get(path).body());
        assertThat(page.rejections()).isEmpty();
        return page.items();
    }

    private static ParsedResponse.Page<Asset> page(Simulator sim, String path) {
        return (ParsedResponse.Page<Asset>) V3.parseList(Entity.ASSET, new HttpFixture(sim.baseUrl()).get(path).body());
    }

    private static String get(Simulator sim, String path) {
        return new HttpFixture(sim.baseUrl()).get(path).body();
    }
}
