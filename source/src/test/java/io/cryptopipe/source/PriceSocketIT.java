package io.cryptopipe.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.PriceTick;
import io.cryptopipe.simulator.FaultPlan;
import io.cryptopipe.simulator.Simulator;
import io.cryptopipe.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prices socket against the simulator's real WebSocket, with drops, silence and the Unauthorized frame. */
class PriceSocketIT {
    static final List<String> WATCHED = List.of("bitcoin", "ethereum", "tether");
    static final Duration WAIT = Duration.ofSeconds(20);

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final List<PriceTick> ticks = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void framesBecomeTicksOfTheWatchedAssetsStampedWithTheReceiveTime() throws Exception {
        try (Simulator sim = start(""); PriceSocket socket = socket(sim, Duration.ofSeconds(10))) {
            socket.start();
            await(() -> ticks.size() >= 3);
            assertThat(socket.state()).isEqualTo(PriceSocket.State.OPEN);
            assertThat(ticks).allSatisfy(t -> {
                assertThat(WATCHED).contains(t.assetId());
                assertThat(t.priceUsd().signum()).isPositive();
                assertThat(t.ts()).isBeforeOrEqualTo(java.time.Instant.now());
            });
        }
    }

    @Test
    void aDroppedSocketReconnectsAndTicksContinue() throws Exception {
        try (Simulator sim = start("ws-drop=1s"); PriceSocket socket = socket(sim, Duration.ofSeconds(10))) {
            socket.start();
            await(() -> socket.counters().connects() >= 3);
            int before = ticks.size();
            await(() -> ticks.size() > before);
            assertThat(socket.counters().reconnects()).isGreaterThanOrEqualTo(2);
            assertThat(socket.counters().watchdogTrips()).isZero();
        }
    }

    @Test
    void theWatchdogReconnectsASocketThatWentSilent() throws Exception {
        try (Simulator sim = start("ws-silence=1s"); PriceSocket socket = socket(sim, Duration.ofMillis(1_500))) {
            socket.start();
            await(() -> socket.counters().watchdogTrips() >= 1 && socket.counters().connects() >= 2);
            assertThat(socket.counters().reconnects()).isPositive();
        }
    }

    @Test
    void theUnauthorizedFrameStopsTheSocketForGoodAndPricesComeByRest() throws Exception {
        try (Simulator sim = start("ws-unauthorized=1"); PriceSocket socket = socket(sim, Duration.ofSeconds(10))) {
            socket.start();
            await(() -> socket.counters().restPolls() >= 2);
            assertThat(socket.state()).isEqualTo(PriceSocket.State.FALLBACK);
            assertThat(socket.counters().connects()).isEqualTo(1);
            assertThat(socket.counters().reconnects()).isZero();
            assertThat(ticks).extracting(PriceTick::assetId).containsAll(WATCHED);
        }
    }

    @Test
    void inFallbackWithoutItsOwnPollingTheOwnersAssetsPollsBecomeTicksAtNoExtraCost() throws Exception {
        try (Simulator sim = start("ws-unauthorized=1")) {
            CoinCapClient rest = Clients.fast(URI.create(sim.baseUrl() + "/v3"), ApiShape.V3);
            PriceSocketSettings settings = new PriceSocketSettings(Optional.of(sim.wsUrl()), WATCHED,
                    Optional.empty(), false, Duration.ofSeconds(5), Duration.ofSeconds(10), reconnect(),
                    Optional.empty());
            try (PriceSocket socket = new PriceSocket(settings, HttpClient.newHttpClient(), rest, Clock.systemUTC(),
                    scheduler, ticks::add, r -> { })) {
                socket.offerRestPoll(rest.poll(Endpoints.assets(null, WATCHED)));
                assertThat(ticks).as("the socket is the source until it is refused").isEmpty();
                socket.start();
                await(() -> socket.state() == PriceSocket.State.FALLBACK);
                Thread.sleep(300);
                assertThat(rest.metrics().requests()).as("no polls of its own").isEqualTo(1);
                socket.offerRestPoll(rest.poll(Endpoints.assets(null, WATCHED)));
                assertThat(ticks).extracting(PriceTick::assetId).containsExactlyInAnyOrderElementsOf(WATCHED);
            }
        }
    }

    @Test
    void withoutASocketUrlPricesComeByRestFromTheStart() throws Exception {
        try (Simulator sim = start("")) {
            CoinCapClient rest = Clients.fast(URI.create(sim.baseUrl() + "/v3"), ApiShape.V3);
            PriceSocketSettings settings = new PriceSocketSettings(Optional.empty(), WATCHED, Optional.empty(),
                    false, Duration.ofSeconds(5), Duration.ofSeconds(10), reconnect(), Optional.of(Duration.ofMillis(300)));
            try (PriceSocket socket = new PriceSocket(settings, HttpClient.newHttpClient(), rest, Clock.systemUTC(),
                    scheduler, ticks::add, r -> { })) {
                socket.start();
                await(() -> ticks.size() >= 3);
                assertThat(socket.state()).isEqualTo(PriceSocket.State.FALLBACK);
            }
        }
    }

    private PriceSocket socket(Simulator sim, Duration watchdog) {
        CoinCapClient rest = Clients.fast(URI.create(sim.baseUrl() + "/v3"), ApiShape.V3);
        PriceSocketSettings settings = new PriceSocketSettings(Optional.of(sim.wsUrl()), WATCHED, Optional.empty(),
                false, Duration.ofSeconds(5), watchdog, reconnect(), Optional.of(Duration.ofMillis(300)));
        return new PriceSocket(settings, HttpClient.newHttpClient(), rest, Clock.systemUTC(), scheduler, ticks::add,
                r -> { });
    }

    private static RetryPolicy reconnect() {
        return new RetryPolicy(1, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private static Simulator start(String faults) throws Exception {
        return Simulator.start(new SimulatorConfig("127.0.0.1", 0, 50, 5, 50, 11, 1,
                faults.isEmpty() ? FaultPlan.NONE : FaultPlan.parse(faults), null), Clock.systemUTC());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
