package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item of {@code /assets/{id}/markets}.
 *
 * @param exchangeName the API's {@code exchangeId} field, which here holds the exchange's display name ("Coinbase
 *                     Pro"), not its slug: never join it to {@link Exchange#exchangeId()}
 */
public record AssetMarket(
        String exchangeName,
        String baseId,
        String quoteId,
        String baseSymbol,
        String quoteSymbol,
        BigDecimal volumeUsd24Hr,
        BigDecimal priceUsd,
        BigDecimal volumePercent) {
    public AssetMarket {
        Objects.requireNonNull(exchangeName, "exchangeName");
        Objects.requireNonNull(baseId, "baseId");
        Objects.requireNonNull(quoteId, "quoteId");
        Objects.requireNonNull(priceUsd, "priceUsd");
    }
}
