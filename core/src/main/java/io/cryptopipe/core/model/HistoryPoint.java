package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One point of {@code /assets/{id}/history}: the price at {@code time} (minute and hour intervals) or the average of
 * the UTC day ({@code d1}).
 *
 * @param circulatingSupply null when omitted (2018 payloads)
 */
public record HistoryPoint(Instant time, BigDecimal priceUsd, BigDecimal circulatingSupply) {
    public HistoryPoint {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(priceUsd, "priceUsd");
    }
}
