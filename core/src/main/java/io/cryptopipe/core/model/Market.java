package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of {@code /markets}; its natural key is {@code exchangeId/baseId/quoteId}.
 *
 * @param exchangeId            exchange slug (unlike {@link AssetMarket#exchangeName()})
 * @param rank                  rank of the market within its exchange
 * @param priceQuote            price in quote units
 * @param volumeUsd24Hr         null for pseudo-exchanges and thin markets
 * @param percentExchangeVolume null together with the volume
 * @param tradesCount24Hr       null when the exchange does not report it
 * @param updated               last trade data; null when omitted or sent as 0; may be weeks old
 */
public record Market(
        String exchangeId,
        int rank,
        String baseSymbol,
        String baseId,
        String quoteSymbol,
        String quoteId,
        BigDecimal priceQuote,
        BigDecimal priceUsd,
        BigDecimal volumeUsd24Hr,
        BigDecimal percentExchangeVolume,
        Long tradesCount24Hr,
        Instant updated) {
    public Market {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(baseId, "baseId");
        Objects.requireNonNull(quoteId, "quoteId");
        Objects.requireNonNull(baseSymbol, "baseSymbol");
        Objects.requireNonNull(quoteSymbol, "quoteSymbol");
        Objects.requireNonNull(priceQuote, "priceQuote");
        Objects.requireNonNull(priceUsd, "priceUsd");
    }

    /** The natural key {@code exchange/base/quote}. */
    public String key() {
        return exchangeId + "/" + baseId + "/" + quoteId;
    }
}
