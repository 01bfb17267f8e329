package io.cryptopipe.source;

import io.cryptopipe.core.config.CoinCapSource;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.model.ApiShape;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client talks to one CoinCap-compatible base.
 *
 * @param base            the API base including its version path
 * @param shape           v2 or v3 responses
 * @param apiKey          the key, when set; never logged
 * @param keyInQuery      send the key as {@code apiKey=} instead of a Bearer header
 * @param requestsPerMinute the client-side rate limit
 * @param creditsPerDay   the v3 credit budget; empty when not billed (no key, or a v2 base)
 * @param creditsPerRequest credits one request is assumed to cost
 * @param connectTimeout  connect timeout
 * @param readTimeout     time for one whole response
 * @param retry           attempts and backoff
 * @param pageSize        {@code limit} per page, at most 2000
 */
public record ClientSettings(URI base, ApiShape shape, Optional<String> apiKey, boolean keyInQuery,
        int requestsPerMinute, Optional<Long> creditsPerDay, int creditsPerRequest, Duration connectTimeout,
        Duration readTimeout, RetryPolicy retry, int pageSize) {
    public static final int MAX_PAGE = 2_000;

    public ClientSettings {
        Objects.requireNonNull(base);
        Objects.requireNonNull(shape);
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE + ": " + pageSize);
        }
    }

    /** Settings from the configuration, for {@code base} (the configured URL, or the simulator's). */
    public static ClientSettings from(ResolvedConfig config, URI base, ApiShape shape) {
        CoinCapSource source = config.coinCapSource();
        Optional<String> key = source.apiKey();
        int rpm = config.find(ConfigKeys.COINCAP_RPM).orElse(key.isPresent() ? 500 : 200);
        Optional<Long> credits = key.isPresent() && shape == ApiShape.V3
                ? Optional.of((long) config.get(ConfigKeys.COINCAP_CREDITS_PER_DAY)) : Optional.empty();
        int attempts = config.get(ConfigKeys.COINCAP_ATTEMPTS);
        return new ClientSettings(base, shape, key, "query".equals(config.get(ConfigKeys.COINCAP_KEY_MODE)), rpm,
                credits, config.get(ConfigKeys.COINCAP_CREDITS_PER_REQUEST),
                config.get(ConfigKeys.COINCAP_CONNECT_TIMEOUT), config.get(ConfigKeys.COINCAP_READ_TIMEOUT),
                new RetryPolicy(attempts, Duration.ofMillis(500), Duration.ofSeconds(30)), MAX_PAGE);
    }

    @Override
    public String toString() {
        return "ClientSettings[" + base + ", " + shape + ", key " + (apiKey.isPresent() ? "set" : "unset") + ", "
                + requestsPerMinute + " rpm" + creditsPerDay.map(c -> ", " + c + " credits/day").orElse("") + "]";
    }
}
