package io.cryptopipe.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.model.Rate;
import io.cryptopipe.core.testing.SteppingClock;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The client against the simulator over real HTTP, clean and under injected faults. */
class CoinCapClientIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Clock FROZEN = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SimulatorConfig FULL = new SimulatorConfig("127.0.0.1", 0, 2_000, 200, 20_000, 42, 1);

    @Test
    void aFullPollThroughInjected429And5xxStormsReturnsEveryItemExactlyOnce() throws Exception {
        SimulatorConfig stormy = withFaults(FULL, "429=0.3,429-burst=3,5xx=0.2,truncate=0.05,malformed=0.05");
        try (Simulator clean = Simulator.start(FULL, FROZEN); Simulator storm = Simulator.start(stormy, FROZEN)) {
            CoinCapClient reference = Clients.fast(v3(clean), ApiShape.V3);
            CoinCapClient client = Clients.client(Clients.settings(v3(storm), ApiShape.V3, Optional.empty(), false,
                    100_000, Optional.empty(), new RetryPolicy(40, Duration.ofMillis(1), Duration.ofMillis(10)),
                    2_000), Clock.systemUTC());

            Poll<Asset> assets = client.poll(Endpoints.assets());
            Poll<Market> markets = client.poll(Endpoints.markets());

            assertExactlyOnce(assets, reference.poll(Endpoints.assets()), 2_000);
            assertExactlyOnce(markets, reference.poll(Endpoints.markets()), 20_000);
            assertThat(markets.pages()).hasSize(11);
            assertThat(client.metrics().retries()).isPositive();
            assertThat(client.metrics().statuses()).containsKey(429);
            assertThat(client.metrics().statuses().keySet()).containsAnyOf(500, 502, 503);
            assertThat(client.metrics().failures()).isEmpty();
        }
    }

    @Test
    void pagesThatShiftWhileReadAreDeduplicatedFirstWinsAndRepeatsReported() throws Exception {
        // Every request sees the market an hour later, so ranks move between pages as they do on the real API.
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 2_000, 20, 100, 3, 1),
                new SteppingClock(NOW, Duration.ofHours(1)))) {
            CoinCapClient client = Clients.client(Clients.settings(v3(sim), ApiShape.V3, Optional.empty(), false,
                    100_000, Optional.empty(), Clients.FAST_RETRIES, 100), Clock.systemUTC());
            Poll<Asset> poll = client.poll(Endpoints.assets());

            List<String> ids = poll.values().stream().map(Asset::id).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(poll.repeats()).isNotEmpty();
            assertThat(ids).containsAll(poll.repeats());
            int served = poll.pages().stream().mapToInt(Poll.Page::items).sum();
            assertThat(served).isEqualTo(ids.size() + poll.repeats().size());
            assertThat(poll.observedAt()).isEqualTo(poll.pages().get(0).timestamp());
            assertThat(poll.pages().get(1).timestamp()).isAfter(poll.pages().get(0).timestamp());
            assertThat(client.metrics().repeats()).isEqualTo(poll.repeats().size());
            assertThat(poll.pages()).allSatisfy(p -> {
                assertThat(p.status()).isEqualTo(200);
                assertThat(p.body()).startsWith("{\"data\":[").contains("\"timestamp\":" + p.timestamp().toEpochMilli());
            });
            assertThat(poll.requests()).isEqualTo(poll.pages().stream().mapToInt(Poll.Page::attempts).sum());
        }
    }

    @Test
    void aPageKeepsTheStatusAndTheBodyTextItArrivedWithUnzipped() throws Exception {
        String body = "{\"data\":[{\"id\":\"são-tomé-and-príncipe-dobra-(pre-2018)\",\"symbol\":\"STD\","
                + "\"currencySymbol\":null,\"type\":\"fiat\",  \"rateUsd\":\"0.0000434782608696\"}],\n"
                + "\"timestamp\":1795814087617}";
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(body.getBytes(StandardCharsets.UTF_8));
        }
        try (FakeCoinCap fake = new FakeCoinCap(203, zipped.toByteArray(), "gzip", false)) {
            Poll<Rate> poll = Clients.fast(fake.base("v3"), ApiShape.V3).poll(Endpoints.rates());
            assertThat(poll.pages()).singleElement().satisfies(p -> {
                assertThat(p.status()).isEqualTo(203);
                assertThat(p.body()).isEqualTo(body);
            });
        }
    }

    @Test
    void malformedItemsAreRejectedWithTheirReasonAndNothingIsLost() throws Exception {
        try (Simulator sim = Simulator.start(withFaults(new SimulatorConfig("127.0.0.1", 0, 500, 20, 100, 4, 1),
                "bad-items=0.1,extra-fields=0.2"), FROZEN)) {
            Poll<Asset> poll = Clients.fast(v3(sim), ApiShape.V3).poll(Endpoints.assets());
            assertThat(poll.rejections()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.rawItem()).startsWith("{");
                assertThat(r.reason()).startsWith("asset");
            });
            assertThat(poll.items().size() + poll.rejections().size()).isEqualTo(500);
            assertThat(poll.drift().unknown()).containsKey("simExtra");
        }
    }

    @Test
    void theV2EndOfLifeNoticeIsItsOwnFailureAndIsNotRetried() throws Exception {
        try (Simulator sim = Simulator.start(withFaults(FULL, "deprecated=1"), FROZEN)) {
            CoinCapClient client = Clients.fast(URI.create(sim.baseUrl() + "/v2"), ApiShape.V2);
            CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.assets()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.DEPRECATED);
            assertThat(e.getMessage()).contains("2025-03-31").contains("COINCAP_API_KEY");
            assertThat(client.metrics().requests()).isEqualTo(1);
            assertThat(e.requests()).isEqualTo(1);
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.body()).contains("\"data\"").contains("message");
        }
    }

    @Test
    void unknownIdsAreReportedAsClientErrorsWithoutRetry() throws Exception {
        try (Simulator sim = Simulator.start(FULL, FROZEN)) {
            CoinCapClient client = Clients.fast(v3(sim), ApiShape.V3);
            CoinCapException e = catchThrowableOfType(CoinCapException.class,
                    () -> client.poll(Endpoints.asset("no-such-coin")));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.CLIENT_ERROR);
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("no-such-coin not found");
            assertThat(client.metrics().requests()).isEqualTo(1);
        }
    }

    @Test
    void everyEndpointAndFilterWorksIncludingIdsWithAccentsAndParentheses() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 300, 30, 3_000, 5, 1), FROZEN)) {
            CoinCapClient client = Clients.fast(v3(sim), ApiShape.V3);
            String odd = "são-tomé-and-príncipe-dobra-(pre-2018)";
            assertThat(client.poll(Endpoints.rate(odd)).values()).extracting(Rate::id).containsExactly(odd);
            assertThat(client.poll(Endpoints.rates(List.of("euro", odd))).values()).hasSize(2);
            assertThat(client.poll(Endpoints.assets("bit", List.of())).values()).extracting(Asset::id)
                    .contains("bitcoin", "bitcoin-cash");
            assertThat(client.poll(Endpoints.asset("ethereum")).values()).hasSize(1);
            assertThat(client.poll(Endpoints.assetMarkets("bitcoin")).values()).isNotEmpty();
            assertThat(client.poll(Endpoints.exchanges()).values()).hasSize(30);
            assertThat(client.poll(Endpoints.exchange("kraken")).values()).hasSize(1);
            assertThat(client.poll(Endpoints.markets(Map.of("exchangeId", "binance", "quoteId", "tether"))).values())
                    .isNotEmpty().allSatisfy(m -> assertThat(m.key()).startsWith("binance/").endsWith("/tether"));
            Poll<HistoryPoint> history = client.poll(Endpoints.history("bitcoin", "h1",
                    NOW.minus(Duration.ofDays(1)), NOW));
            assertThat(history.values()).hasSize(25);
        }
    }

    @Test
    void theCreditBudgetRefusesBeforeSendingAndCounts() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 50, 5, 50, 6, 1), FROZEN)) {
            CoinCapClient client = Clients.client(Clients.settings(v3(sim), ApiShape.V3, Optional.of("k"), false,
                    100_000, Optional.of(5L), Clients.FAST_RETRIES, 2_000), Clock.systemUTC());
            for (int i = 0; i < 5; i++) {
                client.poll(Endpoints.asset("bitcoin"));
            }
            long served = sim.requests();
            for (int i = 0; i < 3; i++) {
                CoinCapException e = catchThrowableOfType(CoinCapException.class,
                        () -> client.poll(Endpoints.asset("bitcoin")));
                assertThat(e.kind()).isEqualTo(CoinCapException.Kind.BUDGET_EXHAUSTED);
                assertThat(e.requests()).isZero();
            }
            assertThat(sim.requests()).isEqualTo(served);
            assertThat(client.metrics().budgetRefusals()).isEqualTo(3);
            assertThat(client.budget().orElseThrow().refused()).isEqualTo(3);
            assertThat(client.budget().orElseThrow().spentToday()).isEqualTo(5);
        }
    }

    @Test
    void theLimiterKeepsTheConfiguredRateOverManyRequests() throws Exception {
        try (Simulator sim = Simulator.start(new SimulatorConfig("127.0.0.1", 0, 50, 5, 50, 6, 1), FROZEN)) {
            CoinCapClient client = Clients.client(Clients.settings(v3(sim), ApiShape.V3, Optional.empty(), false,
                    600, Optional.empty(), Clients.FAST_RETRIES, 2_000), Clock.systemUTC());
            long start = System.nanoTime();
            for (int i = 0; i < 31; i++) {
                client.poll(Endpoints.asset("bitcoin"));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = 30 / seconds;
            // 600 a minute is 10 a second; pacing may only make it slower, never faster.
            assertThat(perSecond).isBetween(5.0, 10.5);
        }
    }

    private static <T> void assertExactlyOnce(Poll<T> actual, Poll<T> expected, int size) {
        List<String> actualRaw = actual.items().stream().map(a -> a.raw()).toList();
        assertThat(actualRaw).hasSize(size).doesNotHaveDuplicates();
        assertThat(new HashSet<>(actualRaw)).isEqualTo(expected.items().stream().map(a -> a.raw())
                .collect(Collectors.toSet()));
        assertThat(actual.repeats()).isEmpty();
        assertThat(actual.rejections()).isEmpty();
    }

    private static SimulatorConfig withFaults(SimulatorConfig c, String faults) {
        return new SimulatorConfig(c.bind(), c.port(), c.assets(), c.exchanges(), c.markets(), c.seed(), c.speed(),
                FaultPlan.parse(faults), null);
    }

    private static URI v3(Simulator sim) {
        return URI.create(sim.baseUrl() + "/v3");
    }
}
