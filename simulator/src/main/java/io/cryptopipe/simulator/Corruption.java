package io.cryptopipe.simulator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Ways the {@code bad-items} fault spoils one item, each one a parser must reject on its own: a decimal that is
 * not a number, a missing identity, a negative price, a fractional rank. Each applies only to fields the item has.
 */
enum Corruption {
    /** The entity's decimal field (priceUsd, rateUsd, volumeUsd) becomes {@code "abc"}. */
    NOT_A_DECIMAL {
        @Override
        boolean appliesTo(ItemKind kind, Map<String, Object> row) {
            return kind.decimalField != null && row.containsKey(kind.decimalField);
        }

        @Override
        void apply(ItemKind kind, Map<String, Object> row) {
            row.put(kind.decimalField, "abc");
        }
    },
    /** The identifying field (id, exchangeId, time) is removed. */
    MISSING_ID {
        @Override
        boolean appliesTo(ItemKind kind, Map<String, Object> row) {
            return kind.idField != null && row.containsKey(kind.idField);
        }

        @Override
        void apply(ItemKind kind, Map<String, Object> row) {
            row.remove(kind.idField);
        }
    },
    /** The price becomes negative ({@code -1} when it was zero, since {@code -0} would still be valid). */
    NEGATIVE_PRICE {
        @Override
        boolean appliesTo(ItemKind kind, Map<String, Object> row) {
            return kind.priceField != null && row.get(kind.priceField) instanceof String;
        }

        @Override
        void apply(ItemKind kind, Map<String, Object> row) {
            BigDecimal price = new BigDecimal((String) row.get(kind.priceField));
            row.put(kind.priceField, price.signum() == 0 ? "-1" : price.negate().toPlainString());
        }
    },
    /** The rank becomes {@code "1.5"}. */
    FRACTIONAL_RANK {
        @Override
        boolean appliesTo(ItemKind kind, Map<String, Object> row) {
            return row.containsKey("rank");
        }

        @Override
        void apply(ItemKind kind, Map<String, Object> row) {
            row.put("rank", "1.5");
        }
    };

    private static final List<Corruption> ALL = List.of(values());

    abstract boolean appliesTo(ItemKind kind, Map<String, Object> row);

    abstract void apply(ItemKind kind, Map<String, Object> row);

    /** The corruptions possible for this item, in declaration order. */
    static List<Corruption> applicable(ItemKind kind, Map<String, Object> row) {
        return ALL.stream().filter(c -> c.appliesTo(kind, row)).toList();
    }
}
