package io.cryptopipe.core.model;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** The two response shapes CoinCap has served: v2 (keyless, shut down 2025-03-31) and v3 (key and credits). */
public enum ApiShape {
    V2,
    V3;

    /** The shape a base URL's path names ({@code .../v2} or {@code .../v3}), if it names one. */
    public static Optional<ApiShape> fromBaseUrl(URI base) {
        String path = base.getPath() == null ? "" : base.getPath().toLowerCase(Locale.ROOT);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v2")) {
            return Optional.of(V2);
        }
        if (path.endsWith("/v3")) {
            return Optional.of(V3);
        }
        return Optional.empty();
    }

    /** Parses {@code v2}/{@code v3} in any case. */
    public static Optional<ApiShape> parse(String text) {
        for (ApiShape shape : values()) {
            if (shape.name().equalsIgnoreCase(text.trim())) {
                return Optional.of(shape);
            }
        }
        return Optional.empty();
    }

    /** Lower-case path segment, {@code v2} or {@code v3}. */
    public String segment() {
        return name().toLowerCase(Locale.ROOT);
    }
}
