package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One item of {@code /assets}.
 *
 * @param id                slug, the key used everywhere else; never null or empty
 * @param rank              market-cap rank, sent as a string; at least 1
 * @param maxSupply         null for uncapped coins (v3's documentation says 0; both are kept as sent)
 * @param changePercent24Hr null when the API has no 24 h reference
 * @param vwap24Hr          null when the API has no trades to weight
 * @param explorer          block-explorer URL; null when sent null or omitted (2018 payloads had no such field)
 * @param tokens            v3 only: chain id to contract addresses; null when the field was absent
 */
public record Asset(
        String id,
        int rank,
        String symbol,
        String name,
        BigDecimal supply,
        BigDecimal maxSupply,
        BigDecimal marketCapUsd,
        BigDecimal volumeUsd24Hr,
        BigDecimal priceUsd,
        BigDecimal changePercent24Hr,
        BigDecimal vwap24Hr,
        String explorer,
        Map<String, List<String>> tokens) {

    public Asset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(marketCapUsd, "marketCapUsd");
        Objects.requireNonNull(volumeUsd24Hr, "volumeUsd24Hr");
        Objects.requireNonNull(priceUsd, "priceUsd");
        tokens = tokens == null ? null : Map.copyOf(tokens);
    }
}
