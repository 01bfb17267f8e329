package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each REST fault of a {@link FaultPlan}, seen by a plain HTTP client and the product's parser. */
class FaultInjectionIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final SimulatorConfig SMALL = new SimulatorConfig("127.0.0.1", 0, 60, 8, 150, 21, 1);
    static final CoinCapParser V2 = new CoinCapParser(ApiShape.V2);
    static final CoinCapParser V3 = new CoinCapParser(ApiShape.V3);
    static final List<String> PATHS = List.of("/v2/assets", "/v3/assets/bitcoin", "/v3/rates", "/v2/assets/nope",
            "/v3/markets?limit=2001", "/v2/assets/bitcoin/history?interval=h1");

    @Test
    void withCertain429EveryVersionedRequestIs429WithCoinCapsJsonBodyAndNoRateLimitHeaders() throws Exception {
        try (Simulator sim = start("429=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            for (String path : PATHS) {
                HttpFixture.Answer answer = http.get(path);
                assertThat(answer.status()).as(path).isEqualTo(429);
                assertThat(answer.body()).as(path)
                        .isEqualTo("{\"error\":\"Too many requests\",\"timestamp\":" + NOW.toEpochMilli() + "}");
                assertThat(V3.parseError(429, answer.body()).message()).isEqualTo("Too many requests");
                assertThat(answer.headers().keySet()).as(path)
                        .noneMatch(h -> h.contains("ratelimit") || h.equals("retry-after"));
            }
        }
    }

    @Test
    void faultsLeavePathsOutsideV2AndV3Alone() throws Exception {
        try (Simulator sim = start("429=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            assertThat(http.get("/").status()).isEqualTo(404);
            assertThat(http.get("/v4/assets").status()).isEqualTo(404);
        }
    }

    @Test
    void a429StormAnswersTheConfiguredNumberOfRequestsInARow() throws Exception {
        try (Simulator sim = start("429=0.15,429-burst=5")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            List<Integer> storms = new ArrayList<>();
            int run = 0;
            for (int i = 0; i < 120; i++) {
                if (http.get("/v3/assets?limit=1").status() == 429) {
                    run++;
                } else if (run > 0) {
                    storms.add(run);
                    run = 0;
                }
            }
            assertThat(storms).isNotEmpty().allSatisfy(n -> assertThat(n % 5).as("storm of %d", n).isZero());
        }
    }

    @Test
    void serverErrorsAre500WithJsonOr502WithAnHtmlPageOr503Empty() throws Exception {
        try (Simulator sim = start("5xx=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                HttpFixture.Answer answer = http.get(PATHS.get(i % PATHS.size()));
                seen.add(answer.status());
                switch (answer.status()) {
                    case 500 -> assertThat(V3.parseError(500, answer.body()).message())
                            .isEqualTo("Internal server error");
                    case 502 -> {
                        assertThat(answer.body()).startsWith("<html>").contains("502 Bad Gateway", "cloudflare");
                        assertThat(answer.contentType()).startsWith("text/html");
                    }
                    case 503 -> assertThat(answer.body()).isEmpty();
                    default -> throw new AssertionError("unexpected status " + answer.status());
                }
            }
            assertThat(seen).containsExactlyInAnyOrder(500, 502, 503);
        }
    }

    @Test
    void truncatedBodiesMakeTheJdkClientFailWithAnIoException() throws Exception {
        try (Simulator sim = start("truncate=1")) {
            HttpClient client = HttpClient.newHttpClient();
            for (String path : List.of("/v3/assets?limit=50", "/v2/rates", "/v3/assets/nope")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                        .timeout(Duration.ofSeconds(20)).build();
                assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).as(path)
                        .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
            }
        }
    }

    @Test
    void malformedAnswersAre200sWhoseBodyIsNotJsonYetMatchesItsLength() throws Exception {
        try (Simulator sim = start("malformed=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            Set<String> contentTypes = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                HttpFixture.Answer answer = http.get("/v3/assets?limit=5");
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.headers().get("content-length")).containsExactly(
                        Integer.toString(answer.wireBytes()));
                ParsedResponse<Asset> parsed = V3.parseList(Entity.ASSET, answer.body());
                assertThat(parsed).isInstanceOfSatisfying(ParsedResponse.Failure.class,
                        f -> assertThat(f.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED));
                contentTypes.add(answer.contentType().split(";")[0]);
            }
            assertThat(contentTypes).containsExactlyInAnyOrder("text/html", "application/json");
            assertThat(http.get("/v3/assets/nope").status()).as("errors pass unchanged").isEqualTo(404);
        }
    }

    @Test
    void certainDeprecationAnswersV2WithTheEndOfLifeNoticeAndLeavesV3Alone() throws Exception {
        try (Simulator sim = start("deprecated=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            for (String path : List.of("/v2/assets", "/v2/assets/bitcoin", "/v2/markets")) {
                HttpFixture.Answer answer = http.get(path);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(V2.parseList(Entity.ASSET, answer.body())).as(path)
                        .isInstanceOfSatisfying(ParsedResponse.Failure.class, f -> {
                            assertThat(f.kind()).isEqualTo(ParsedResponse.Kind.DEPRECATED);
                            assertThat(f.message()).contains("deprecating", "March 31, 2025", "pro.coincap.io");
                        });
                assertThat(answer.body()).endsWith("\"timestamp\":" + NOW.toEpochMilli() + "}");
            }
            ParsedResponse<Asset> v3 = V3.parseList(Entity.ASSET, http.get("/v3/assets?limit=7").body());
            assertThat(v3).isInstanceOfSatisfying(ParsedResponse.Page.class,
                    p -> assertThat(p.accepted()).hasSize(7));
        }
    }

    @Test
    void certainBadItemsMakeEveryItemOfEveryEndpointARejection() throws Exception {
        try (Simulator sim = start("bad-items=1")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            rejectsAll(V3, Entity.ASSET, http.get("/v3/assets?limit=60").body(), 60);
            rejectsAll(V2, Entity.RATE, http.get("/v2/rates").body(), -1);
            rejectsAll(V3, Entity.EXCHANGE, http.get("/v3/exchanges?limit=8").body(), 8);
            rejectsAll(V2, Entity.MARKET, http.get("/v2/markets?limit=150").body(), 150);
            rejectsAll(V3, Entity.ASSET_MARKET, http.get("/v3/assets/bitcoin/markets").body(), -1);
            rejectsAll(V2, Entity.HISTORY, http.get("/v2/assets/bitcoin/history?interval=h1").body(), -1);
            ParsedResponse<Asset> one = V3.parseOne(Entity.ASSET, http.get("/v3/assets/ethereum").body());
            assertThat(one).isInstanceOfSatisfying(ParsedResponse.Page.class, p -> {
                assertThat(p.accepted()).isEmpty();
                assertThat(p.rejections()).hasSize(1);
            });
        }
    }

    @Test
    void certainExtraFieldsAddSimExtraToEveryItemWhichStillParses() throws Exception {
        try (Simulator sim = start("extra-fields=1")) {
            String body = new HttpFixture(sim.baseUrl()).get("/v3/assets?limit=20").body();
            assertThat(body.split("\"simExtra\":\"1\"", -1)).hasSize(21);
            ParsedResponse<Asset> parsed = V3.parseList(Entity.ASSET, body);
            assertThat(parsed).isInstanceOfSatisfying(ParsedResponse.Page.class, p -> {
                assertThat(p.accepted()).hasSize(20);
                assertThat(p.rejections()).isEmpty();
                assertThat(p.drift().unknown()).containsEntry("simExtra", 20);
            });
        }
    }

    @Test
    void stallsDelayAnswersWithoutChangingThem() throws Exception {
        try (Simulator sim = start("slow=1:300ms")) {
            HttpFixture http = new HttpFixture(sim.baseUrl());
            long started = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/v3/assets?limit=3").status()).isEqualTo(200);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void theSameSeedAndPlanMeetTheSameFaultsInTheSameRequestOrder() throws Exception {
        String plan = "429=0.2,5xx=0.2,malformed=0.1,deprecated=0.2";
        try (Simulator a = start(plan); Simulator b = start(plan)) {
            assertThat(statuses(a)).isEqualTo(statuses(b));
        }
    }

    private static List<String> statuses(Simulator sim) {
        HttpFixture http = new HttpFixture(sim.baseUrl());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HttpFixture.Answer answer = http.get(i % 2 == 0 ? "/v2/assets?limit=2" : "/v3/rates/euro");
            out.add(answer.status() + " " + answer.contentType() + " " + answer.body().length());
        }
        return out;
    }

    private static <T> void rejectsAll(CoinCapParser parser, Entity<T> entity, String body, int expected) {
        ParsedResponse<T> parsed = parser.parseList(entity, body);
        assertThat(parsed).as(entity.name()).isInstanceOfSatisfying(ParsedResponse.Page.class, p -> {
            assertThat(p.accepted()).as(entity.name()).isEmpty();
            assertThat(p.rejections()).as(entity.name()).isNotEmpty();
            if (expected >= 0) {
                assertThat(p.rejections()).as(entity.name()).hasSize(expected);
            }
        });
    }

    static Simulator start(String faults) throws IOException {
        return Simulator.start(SMALL.withFaults(FaultPlan.parse(faults)), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
