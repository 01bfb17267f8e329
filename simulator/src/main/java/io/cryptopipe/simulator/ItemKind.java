package io.cryptopipe.simulator;

import java.util.Map;

/**
 * The kinds of item the simulator serves, with what the served log and the item faults need to know about each:
 * the natural key, the field that identifies the item, its main decimal field and its price field (null where the
 * entity has none).
 */
enum ItemKind {
    ASSET("asset", "id", "priceUsd", "priceUsd"),
    RATE("rate", "id", "rateUsd", "rateUsd"),
    EXCHANGE("exchange", "exchangeId", "volumeUsd", null),
    MARKET("market", "exchangeId", "priceUsd", "priceUsd"),
    /** An item of {@code /assets/{id}/markets}, whose {@code exchangeId} is the exchange's display name. */
    ASSET_MARKET("asset_market", "exchangeId", "priceUsd", "priceUsd"),
    HISTORY("history", "time", "priceUsd", "priceUsd"),
    /** One id of a prices-socket frame. */
    PRICE("price", null, null, null);

    /** The name written to the served log, like the parser's entity names. */
    final String logName;
    /** The field whose removal leaves the item without its identity. */
    final String idField;
    /** A decimal-string field every item of this kind carries (possibly null-valued). */
    final String decimalField;
    /** The USD price field, if the entity has one. */
    final String priceField;

    ItemKind(String logName, String idField, String decimalField, String priceField) {
        this.logName = logName;
        this.idField = idField;
        this.decimalField = decimalField;
        this.priceField = priceField;
    }

    /**
     * The item's natural key as the served log writes it: the id for assets and rates, {@code exchangeId} for
     * exchanges, {@code exchange/baseId/quoteId} for markets (the exchange's display name for asset markets), the
     * time in milliseconds for history points. Read before any corruption, so a corrupted item keeps its key.
     */
    String key(Map<String, Object> row) {
        return switch (this) {
            case MARKET, ASSET_MARKET -> row.get("exchangeId") + "/" + row.get("baseId") + "/" + row.get("quoteId");
            case PRICE -> throw new IllegalStateException("price items are keyed by their frame");
            default -> String.valueOf(row.get(idField));
        };
    }
}
