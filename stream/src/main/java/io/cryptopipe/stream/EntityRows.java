package io.cryptopipe.stream;

import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.Exchange;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.model.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed item as the text values of its table's columns ({@code SinkTable.columns()} order), ready for COPY.
 * Decimals are written with {@link BigDecimal#toPlainString()}, which gives back the digits and the scale the
 * parser read (PostgreSQL's plain {@code numeric} keeps both); they never pass through a double.
 */
final class EntityRows {
    /** PostgreSQL reads ISO-8601 instants of years 1 to 9999 as written; beyond, the text form changes. */
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private EntityRows() {
    }

    static List<String> asset(Asset a, Instant observedAt) {
        return values(a.id(), Integer.toString(a.rank()), a.symbol(), a.name(), plain(a.supply()),
                plain(a.maxSupply()), plain(a.marketCapUsd()), plain(a.volumeUsd24Hr()), plain(a.priceUsd()),
                plain(a.changePercent24Hr()), plain(a.vwap24Hr()), a.explorer(), time("observed_at", observedAt));
    }

    static List<String> rate(Rate r, Instant observedAt) {
        return values(r.id(), r.symbol(), r.currencySymbol(), r.type(), plain(r.rateUsd()),
                time("observed_at", observedAt));
    }

    static List<String> exchange(Exchange e, Instant observedAt) {
        return values(e.exchangeId(), e.name(), Integer.toString(e.rank()), plain(e.percentTotalVolume()),
                plain(e.volumeUsd()), Integer.toString(e.tradingPairs()),
                e.socket() == null ? null : e.socket().toString(), e.exchangeUrl(), time("updated", e.updated()),
                time("observed_at", observedAt));
    }

    static List<String> market(Market m, Instant observedAt) {
        return values(m.exchangeId(), m.baseId(), m.quoteId(), m.baseSymbol(), m.quoteSymbol(),
                Integer.toString(m.rank()), plain(m.priceQuote()), plain(m.priceUsd()), plain(m.volumeUsd24Hr()),
                plain(m.percentExchangeVolume()), m.tradesCount24Hr() == null ? null : m.tradesCount24Hr().toString(),
                time("updated", m.updated()), time("observed_at", observedAt));
    }

    /**
     * The values, refusing text PostgreSQL cannot store (U+0000) so that one item is rejected with its reason
     * instead of failing the whole micro-batch again and again.
     */
    private static List<String> values(String... values) {
        for (String value : values) {
            if (value != null && value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("text contains U+0000, which PostgreSQL cannot store: "
                        + value.replace('\0', '?'));
            }
        }
        return Arrays.asList(values);
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String time(String field, Instant value) {
        return value == null ? null : storable(field, value).toString();
    }

    /**
     * The instant, when PostgreSQL reads its ISO-8601 text as written (years 1 to 9999).
     *
     * @throws IllegalArgumentException naming the field otherwise, as a rejection reason
     */
    static Instant storable(String field, Instant value) {
        if (value.isBefore(FIRST) || !value.isBefore(END)) {
            throw new IllegalArgumentException(field + " " + value + " is outside the years 1-9999");
        }
        return value;
    }
}
