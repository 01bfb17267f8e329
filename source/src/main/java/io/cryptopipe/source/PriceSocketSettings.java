package io.cryptopipe.source;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to follow live prices.
 *
 * @param wsBase           the socket base ({@code wss://ws.coincap.io}); empty: REST polling only
 * @param assets           asset ids to follow; empty means {@code ALL}
 * @param apiKey           the key, when set
 * @param keyInQuery       send the key as {@code apiKey=} (else a Bearer header on the upgrade request)
 * @param connectTimeout   socket connect timeout
 * @param watchdog         reconnect after this long without a frame
 * @param reconnect        backoff between reconnects (its attempt count is not used: reconnects never give up)
 * @param fallbackPolling  REST price polling period when the socket is refused or absent; empty when the owner
 *                         already polls assets and hands each poll to {@link PriceSocket#offerRestPoll}
 */
public record PriceSocketSettings(Optional<URI> wsBase, List<String> assets, Optional<String> apiKey,
        boolean keyInQuery, Duration connectTimeout, Duration watchdog, RetryPolicy reconnect,
        Optional<Duration> fallbackPolling) {
    public PriceSocketSettings {
        Objects.requireNonNull(wsBase);
        assets = List.copyOf(assets);
        Objects.requireNonNull(apiKey);
        Objects.requireNonNull(fallbackPolling);
        if (watchdog.isZero() || watchdog.isNegative()) {
            throw new IllegalArgumentException("watchdog must be positive: " + watchdog);
        }
    }

    /**
     * Settings that send the key the way the REST client does and reconnect with 1 s doubling to 60 s.
     *
     * @param client          the REST client's settings (key, key mode, connect timeout)
     * @param wsBase          the socket base, when one is known
     * @param assets          asset ids to follow; empty means all
     * @param watchdog        reconnect after this long without a frame
     * @param fallbackPolling see the record's description
     */
    public static PriceSocketSettings from(ClientSettings client, Optional<URI> wsBase, List<String> assets,
            Duration watchdog, Optional<Duration> fallbackPolling) {
        return new PriceSocketSettings(wsBase, assets, client.apiKey(), client.keyInQuery(), client.connectTimeout(),
                watchdog, new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(60)), fallbackPolling);
    }

    /** The socket URI: {@code <base>/prices?assets=...}, with {@code apiKey} when the key goes in the query. */
    URI uri() {
        String ids = assets.isEmpty() ? "ALL" : String.join(",", assets.stream().map(CoinCapClient::encode).toList());
        String key = apiKey.isPresent() && keyInQuery ? "&apiKey=" + CoinCapClient.encode(apiKey.get()) : "";
        return URI.create(CoinCapClient.withoutTrailingSlash(wsBase.orElseThrow()) + "/prices?assets=" + ids + key);
    }
}
