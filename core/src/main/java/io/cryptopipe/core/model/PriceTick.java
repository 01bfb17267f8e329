package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One asset's price from a price frame. Frames carry no time, so {@code ts} is the receive time the caller stamps.
 */
public record PriceTick(String assetId, Instant ts, BigDecimal priceUsd) {
    public PriceTick {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(priceUsd, "priceUsd");
    }
}
