/**
 * Immutable records of CoinCap data. Every decimal is a {@link java.math.BigDecimal} carrying exactly the digits and
 * the scale the API sent; a field is nullable exactly where the API is known to send null or omit the key. Times are
 * UTC {@link java.time.Instant}s built from the API's millisecond epochs.
 */
package io.cryptopipe.core.model;
