package io.cryptopipe.source;

import io.cryptopipe.core.model.ApiShape;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/** Client set-ups for tests: explicit settings only, so a COINCAP_API_KEY in the machine's environment is ignored. */
final class Clients {
    static final RetryPolicy FAST_RETRIES = new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(20));

    private Clients() {
    }

    static ClientSettings settings(URI base, ApiShape shape, Optional<String> key, boolean keyInQuery,
            int rpm, Optional<Long> creditsPerDay, RetryPolicy retry, int pageSize) {
        return new ClientSettings(base, shape, key, keyInQuery, rpm, creditsPerDay, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(20), retry, pageSize);
    }

    /** No key, no rate limit to speak of, fast retries, full pages. */
    static CoinCapClient fast(URI base, ApiShape shape) {
        return client(settings(base, shape, Optional.empty(), false, 100_000, Optional.empty(), FAST_RETRIES,
                ClientSettings.MAX_PAGE), Clock.systemUTC());
    }

    static CoinCapClient client(ClientSettings settings, Clock clock) {
        return new CoinCapClient(settings, HttpClient.newHttpClient(),
                new RateLimiter(settings.requestsPerMinute(), clock, Sleeper.REAL),
                settings.creditsPerDay().map(c -> new CreditBudget(c, clock)), clock, Sleeper.REAL, new Random(7),
                new ClientMetrics());
    }
}
