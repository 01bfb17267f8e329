package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of {@code /exchanges}. Dead exchanges send nulls for the volume fields and {@code updated: 0}.
 *
 * @param exchangeId         slug, read from {@code exchangeId} or, in 2018 payloads, {@code id}
 * @param percentTotalVolume null for dead exchanges; sent with 36-40 fraction digits
 * @param volumeUsd          null for dead exchanges
 * @param socket             null when unknown
 * @param exchangeUrl        null when sent null or omitted
 * @param updated            last data from the exchange; null when omitted or sent as 0 (unknown)
 */
public record Exchange(
        String exchangeId,
        String name,
        int rank,
        BigDecimal percentTotalVolume,
        BigDecimal volumeUsd,
        int tradingPairs,
        Boolean socket,
        String exchangeUrl,
        Instant updated) {
    public Exchange {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(name, "name");
    }
}
