package io.cryptopipe.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cryptopipe.core.model.ApiShape;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Answers that retrying cannot fix fail fast, with messages that say what to do. */
class ClientErrorsIT {
    static final String KEY = "ck_test_9d8c7b6a";

    @Test
    void unauthorizedFailsFastNamingTheKeyAndThePlan() throws Exception {
        try (FakeCoinCap fake = new FakeCoinCap(401, "{\"error\":\"Invalid API key\"}")) {
            CoinCapClient client = Clients.client(Clients.settings(fake.base("v3"), ApiShape.V3, Optional.of(KEY),
                    false, 1_000, Optional.empty(), Clients.FAST_RETRIES, 2_000), Clock.systemUTC());
            CoinCapException e = catchThrowableOfType(CoinCapException.class,
                    () -> client.poll(Endpoints.assets()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.AUTH);
            assertThat(e.getMessage()).contains("COINCAP_API_KEY").contains("plan").contains("Invalid API key")
                    .doesNotContain(KEY);
            assertThat(fake.requests()).hasSize(1);
            assertThat(fake.requests().get(0).authorization()).isEqualTo("Bearer " + KEY);
        }
    }

    @Test
    void forbiddenWithTheKeyInTheQueryIsMaskedInTheMessage() throws Exception {
        try (FakeCoinCap fake = new FakeCoinCap(403, "<html>plan does not include this</html>")) {
            CoinCapClient client = Clients.client(Clients.settings(fake.base("v3"), ApiShape.V3, Optional.of(KEY),
                    true, 1_000, Optional.empty(), Clients.FAST_RETRIES, 2_000), Clock.systemUTC());
            CoinCapException e = catchThrowableOfType(CoinCapException.class,
                    () -> client.poll(Endpoints.rates()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.AUTH);
            assertThat(e.getMessage()).contains("apiKey=****").doesNotContain(KEY);
            assertThat(e.body()).isEqualTo("<html>plan does not include this</html>");
            assertThat(fake.requests().get(0).uri().getQuery()).contains("apiKey=" + KEY);
            assertThat(fake.requests().get(0).authorization()).isNull();
        }
    }

    @Test
    void badRequestIsReportedOnceNotRetried() throws Exception {
        try (FakeCoinCap fake = new FakeCoinCap(400, "{\"error\":\"Invalid query parameters\"}")) {
            CoinCapClient client = Clients.fast(fake.base("v3"), ApiShape.V3);
            assertThatThrownBy(() -> client.poll(Endpoints.markets()))
                    .isInstanceOfSatisfying(CoinCapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(CoinCapException.Kind.CLIENT_ERROR);
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("Invalid query parameters");
                    });
            assertThat(fake.requests()).hasSize(1);
            assertThat(client.metrics().failures()).containsEntry("CLIENT_ERROR", 1L);
        }
    }

    @Test
    void serverErrorsAreRetriedUpToTheLimitAndTheLastBodyIsKept() throws Exception {
        try (FakeCoinCap fake = new FakeCoinCap(502, "<html><body>Bad gateway</body></html>")) {
            CoinCapClient client = Clients.fast(fake.base("v2"), ApiShape.V2);
            java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.metrics().addListener(new ClientMetrics.Listener() {
                @Override
                public void exchange(Endpoint<?> endpoint, int status, java.time.Duration took) {
                    assertThat(took).isPositive();
                    told.add(endpoint.name() + " " + status);
                }

                @Override
                public void retry(Endpoint<?> endpoint) {
                    told.add(endpoint.name() + " retry");
                }

                @Override
                public void failure(Endpoint<?> endpoint, CoinCapException.Kind kind) {
                    told.add(endpoint.name() + " " + kind);
                }
            });
            CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.exchanges()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.RETRIES_EXHAUSTED);
            assertThat(told).as("every exchange, retry and the poll's failure, with its endpoint")
                    .containsOnly("exchanges 502", "exchanges retry", "exchanges RETRIES_EXHAUSTED")
                    .filteredOn(t -> t.endsWith("502")).hasSize(Clients.FAST_RETRIES.attempts());
            assertThat(told).filteredOn(t -> t.endsWith("retry")).hasSize(Clients.FAST_RETRIES.attempts() - 1);
            assertThat(told).last().isEqualTo("exchanges RETRIES_EXHAUSTED");
            assertThat(e.body()).contains("Bad gateway");
            assertThat(e.status()).isEqualTo(502);
            assertThat(fake.requests()).hasSize(Clients.FAST_RETRIES.attempts());
            assertThat(e.requests()).isEqualTo(Clients.FAST_RETRIES.attempts());
            assertThat(client.metrics().retries()).isEqualTo(Clients.FAST_RETRIES.attempts() - 1);
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutAndIsRetried() throws Exception {
        byte[] body = "{\"data\":[],\"timestamp\":1}".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FakeCoinCap fake = new FakeCoinCap(200, body, null, true)) {
            CoinCapClient client = Clients.client(new ClientSettings(fake.base("v3"), ApiShape.V3, Optional.empty(),
                    false, 100_000, Optional.empty(), 1, java.time.Duration.ofSeconds(2),
                    java.time.Duration.ofMillis(500), new RetryPolicy(2, java.time.Duration.ofMillis(1),
                    java.time.Duration.ofMillis(5)), 2_000), Clock.systemUTC());
            long start = System.nanoTime();
            CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.rates()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.RETRIES_EXHAUSTED);
            assertThat(e.getMessage()).contains("no complete answer within 500 ms");
            assertThat(fake.requests()).hasSize(2);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        }
    }

    @Test
    void aRefusalWithABrokenGzipBodyStillFailsFastByItsStatus() throws Exception {
        byte[] notGzip = "certainly not gzip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FakeCoinCap fake = new FakeCoinCap(401, notGzip, "gzip", false)) {
            CoinCapClient client = Clients.fast(fake.base("v3"), ApiShape.V3);
            CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.assets()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.AUTH);
            assertThat(fake.requests()).hasSize(1);
            assertThat(client.metrics().statuses()).containsEntry(401, 1L);
        }
    }

    @Test
    void aSuccessWithABrokenGzipBodyIsRetried() throws Exception {
        byte[] notGzip = "certainly not gzip".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FakeCoinCap fake = new FakeCoinCap(200, notGzip, "gzip", false)) {
            CoinCapClient client = Clients.fast(fake.base("v3"), ApiShape.V3);
            CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.assets()));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.RETRIES_EXHAUSTED);
            assertThat(e.getMessage()).contains("gzip body does not inflate");
            assertThat(fake.requests()).hasSize(Clients.FAST_RETRIES.attempts());
        }
    }

    @Test
    void aSuccessWithAnErrorBodyIsAnApiError() throws Exception {
        try (FakeCoinCap fake = new FakeCoinCap(200, "{\"error\":\"bitcoinx not found\",\"timestamp\":1}")) {
            CoinCapException e = catchThrowableOfType(CoinCapException.class,
                    () -> Clients.fast(fake.base("v3"), ApiShape.V3).poll(Endpoints.asset("bitcoinx")));
            assertThat(e.kind()).isEqualTo(CoinCapException.Kind.API_ERROR);
        }
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() throws Exception {
        java.net.URI closed;
        try (FakeCoinCap fake = new FakeCoinCap(200, "{}")) {
            closed = fake.base("v3");
        }
        CoinCapClient client = Clients.client(Clients.settings(closed, ApiShape.V3, Optional.empty(), false, 100_000,
                Optional.empty(), new RetryPolicy(3, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5)),
                2_000), Clock.systemUTC());
        CoinCapException e = catchThrowableOfType(CoinCapException.class, () -> client.poll(Endpoints.assets()));
        assertThat(e.kind()).isEqualTo(CoinCapException.Kind.RETRIES_EXHAUSTED);
        assertThat(e.getMessage()).contains("I/O error");
        assertThat(client.metrics().requests()).isEqualTo(3);
    }
}
