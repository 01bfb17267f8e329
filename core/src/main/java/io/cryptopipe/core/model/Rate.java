package io.cryptopipe.core.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item of {@code /rates}: the USD value of one unit of a fiat or crypto currency.
 *
 * @param id             slug; may contain parentheses and non-ASCII letters ({@code são-tomé-and-príncipe-dobra-(pre-2018)})
 * @param currencySymbol null for many fiats and most cryptos
 * @param type           {@code fiat} or {@code crypto} as sent
 */
public record Rate(String id, String symbol, String currencySymbol, String type, BigDecimal rateUsd) {
    public Rate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rateUsd, "rateUsd");
    }
}
