package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.PriceTick;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.core.parse.PriceFrame;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prices WebSocket through the JDK's client: frames, control frames, refusals and the ws-* faults. */
class PriceSocketIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final SimulatorConfig SMALL = new SimulatorConfig("127.0.0.1", 0, 60, 8, 150, 17, 1);
    static final Duration INTERVAL = Duration.ofMillis(50);
    static final CoinCapParser V3 = new CoinCapParser(ApiShape.V3);

    static Simulator simulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        simulator = start(SMALL);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void framesMapPartOfTheSubscribedExistingIdsToTheRestPriceAsDecimalStrings() throws Exception {
        WsProbe probe = WsProbe.connect(simulator.wsUrl(), "/prices?assets=bitcoin,ethereum,not-a-coin,tether");
        Map<String, BigDecimal> rest = restPrices(simulator);
        Set<String> seen = new HashSet<>();
        for (String text : probe.next(12)) {
            List<PriceTick> ticks = ticks(text);
            assertThat(ticks).as(text).hasSizeBetween(1, 2);
            for (PriceTick tick : ticks) {
                assertThat(text).contains("\"" + tick.assetId() + "\":\"");
                assertThat(tick.assetId()).isIn("bitcoin", "ethereum", "tether");
                BigDecimal expected = rest.get(tick.assetId());
                BigDecimal relative = tick.priceUsd().subtract(expected).abs().divide(expected, MathContext.DECIMAL64);
                assertThat(relative).as(tick.assetId()).isLessThanOrEqualTo(new BigDecimal("1e-9"));
                seen.add(tick.assetId());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("bitcoin", "ethereum", "tether");
        probe.socket.abort();
    }

    @Test
    void versionedPathsAllAndAnApiKeyAreAccepted() throws Exception {
        WsProbe all = WsProbe.connect(simulator.wsUrl(), "/v2/prices?assets=ALL");
        for (String text : all.next(5)) {
            assertThat(ticks(text)).hasSizeBetween(18, 42);
        }
        WsProbe keyed = WsProbe.connect(simulator.wsUrl(), "/v3/prices?assets=bitcoin&apiKey=secret");
        assertThat(ticks(keyed.next())).extracting(PriceTick::assetId).containsExactly("bitcoin");
        all.socket.abort();
        keyed.socket.abort();
    }

    @Test
    void pingIsAnsweredWithPongAndCloseWithClose() throws Exception {
        WsProbe probe = WsProbe.connect(simulator.wsUrl(), "/prices?assets=bitcoin");
        probe.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        assertThat(probe.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("are you there");
        probe.socket.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        assertThat(probe.awaitEnd().closeCode()).isEqualTo(1000);
    }

    @Test
    void aPlainGetToTheSocketPortIsRefusedWith400() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI http = URI.create(simulator.wsUrl().toString().replace("ws://", "http://") + "/prices?assets=bitcoin");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("expected a WebSocket upgrade");
    }

    @Test
    void anUnknownPathOrAMissingSubscriptionIsRefusedDuringTheHandshake() {
        assertThat(handshakeStatus("/trades/binance")).isEqualTo(404);
        assertThat(handshakeStatus("/prices")).isEqualTo(400);
    }

    @Test
    void servedLogHasOneLinePerIdOfEachDeliveredFrameInOrder() throws Exception {
        Path log = dir.resolve("served.jsonl");
        List<String> received = new ArrayList<>();
        try (Simulator sim = start(SMALL.withServedLog(log))) {
            WsProbe probe = WsProbe.connect(sim.wsUrl(), "/prices?assets=ALL");
            for (String text : probe.next(6)) {
                ticks(text).forEach(t -> received.add(t.assetId()));
            }
            List<ServedLogIT.Line> lines = ServedLogIT.lines(log);
            assertThat(lines).allSatisfy(l -> assertThat(l).extracting(ServedLogIT.Line::entity,
                    ServedLogIT.Line::path, ServedLogIT.Line::at).containsExactly("price", "/prices",
                    NOW.toEpochMilli()));
            assertThat(lines.stream().map(ServedLogIT.Line::key).toList()).startsWith(received.toArray(String[]::new));
            probe.socket.abort();
        }
    }

    @Test
    void closingTheSimulatorSaysGoingAway() throws Exception {
        Simulator sim = start(SMALL);
        WsProbe probe = WsProbe.connect(sim.wsUrl(), "/prices?assets=bitcoin");
        probe.next();
        sim.close();
        assertThat(probe.awaitEnd().closeCode()).isEqualTo(1001);
    }

    @Test
    void wsDropCutsTheConnectionWithoutACloseFrameAndAReconnectWorks() throws Exception {
        try (Simulator sim = start(SMALL.withFaults(FaultPlan.parse("ws-drop=300ms")))) {
            WsProbe first = WsProbe.connect(sim.wsUrl(), "/prices?assets=bitcoin,ethereum");
            first.next();
            WsProbe.Ended ended = first.awaitEnd();
            assertThat(ended.error() != null || Integer.valueOf(1006).equals(ended.closeCode()))
                    .as("abnormal end %s", ended).isTrue();
            WsProbe again = WsProbe.connect(sim.wsUrl(), "/prices?assets=bitcoin,ethereum");
            assertThat(ticks(again.next())).isNotEmpty();
            again.socket.abort();
        }
    }

    @Test
    void wsSilenceStopsFramesWhileTheConnectionStaysOpen() throws Exception {
        try (Simulator sim = start(SMALL.withFaults(FaultPlan.parse("ws-silence=300ms")))) {
            WsProbe probe = WsProbe.connect(sim.wsUrl(), "/prices?assets=ALL");
            probe.next();
            Thread.sleep(1_000);
            int before = probe.texts.size();
            Thread.sleep(1_000);
            assertThat(probe.texts.size()).as("no frame after the silence began").isEqualTo(before);
            assertThat(probe.ended).isNotDone();
            assertThat(probe.socket.isInputClosed()).isFalse();
            assertThat(probe.socket.isOutputClosed()).isFalse();
            probe.socket.abort();
        }
    }

    @Test
    void wsUnauthorizedSendsTheRefusalFrameThenCloses() throws Exception {
        try (Simulator sim = start(SMALL.withFaults(FaultPlan.parse("ws-unauthorized=1")))) {
            for (int attempt = 0; attempt < 2; attempt++) {
                WsProbe probe = WsProbe.connect(sim.wsUrl(), "/prices?assets=bitcoin&apiKey=free-plan");
                String text = probe.next();
                assertThat(text).isEqualTo("Unauthorized: your plan does not include WebSocket access");
                assertThat(V3.parsePriceFrame(text, NOW)).isInstanceOf(PriceFrame.Unauthorized.class);
                assertThat(probe.awaitEnd().closeCode()).isEqualTo(1008);
                assertThat(probe.texts).isEmpty();
            }
        }
    }

    private int handshakeStatus(String pathAndQuery) {
        Throwable failure = catchThrowable(
                () -> WsProbe.connect(simulator.wsUrl(), pathAndQuery));
        assertThat(failure).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    private static List<PriceTick> ticks(String text) {
        PriceFrame frame = V3.parsePriceFrame(text, NOW);
        assertThat(frame).as(text).isInstanceOf(PriceFrame.Ticks.class);
        PriceFrame.Ticks ticks = (PriceFrame.Ticks) frame;
        assertThat(ticks.rejections()).as(text).isEmpty();
        return ticks.ticks();
    }

    private static Map<String, BigDecimal> restPrices(Simulator sim) {
        ParsedResponse<Asset> parsed = V3.parseList(Entity.ASSET,
                new HttpFixture(sim.baseUrl()).get("/v3/assets?ids=bitcoin,ethereum,tether").body());
        return ((ParsedResponse.Page<Asset>) parsed).items().stream()
                .collect(Collectors.toMap(Asset::id, Asset::priceUsd));
    }

    private static Simulator start(SimulatorConfig config) throws Exception {
        return Simulator.start(config, Clock.fixed(NOW, ZoneOffset.UTC), INTERVAL);
    }
}
