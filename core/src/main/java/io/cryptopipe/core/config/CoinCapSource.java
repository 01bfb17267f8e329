package io.cryptopipe.core.config;

import io.cryptopipe.core.model.ApiShape;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where market data comes from, derived from {@code coincap-url}, {@code coincap-api}, {@code coincap-ws-url} and
 * the key: the built-in simulator (no URL, no key) or an external CoinCap-compatible API.
 *
 * @param baseUrl  the external API base; empty for the simulator
 * @param shape    the response shape; for the simulator, the shape the pipeline reads it in (v3)
 * @param wsUrl    the prices socket base when known
 * @param apiKey   the key when set; never logged
 */
public record CoinCapSource(Optional<URI> baseUrl, ApiShape shape, Optional<URI> wsUrl, Optional<String> apiKey) {
    public static final URI PUBLIC_V3 = URI.create("https://rest.coincap.io/v3");

    public CoinCapSource {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(wsUrl, "wsUrl");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** True when the in-process simulator is the source. */
    public boolean simulator() {
        return baseUrl.isEmpty();
    }

    /** The public prices socket for CoinCap's own REST hosts; empty for any other host. */
    static Optional<URI> derivedWsUrl(URI base) {
        String host = base.getHost() == null ? "" : base.getHost();
        return switch (host) {
            case "rest.coincap.io" -> Optional.of(URI.create("wss://wss.coincap.io"));
            case "api.coincap.io" -> Optional.of(URI.create("wss://ws.coincap.io"));
            default -> Optional.empty();
        };
    }

    /** For people: {@code built-in CoinCap simulator} or {@code https://rest.coincap.io/v3 (v3, key set)}. */
    public String describe() {
        return simulator() ? "built-in CoinCap simulator"
                : ResolvedConfig.maskUrl(baseUrl.get().toString()) + " (" + shape.segment() + ", key " + (apiKey.isPresent() ? "set" : "not set") + ")";
    }

    @Override
    public String toString() {
        return "CoinCapSource[" + (simulator() ? "simulator" : baseUrl.get()) + ", " + shape
                + ", key " + (apiKey.isPresent() ? "set" : "unset") + "]";
    }
}
