package io.cryptopipe.store.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One decoded item of an entity, ready for PostgreSQL.
 *
 * @param order  the Kafka offset of the item; among items with the same key and {@code observed_at}, the lowest
 *               order wins, so a replay keeps what the first delivery stored
 * @param values aligned with {@link SinkTable#columns()}, each as text PostgreSQL casts exactly: decimals as the plain
 *               string CoinCap sent (its scale is kept), integers, {@code true}/{@code false}, ISO-8601 instants such
 *               as {@code 2026-11-27T10:15:30.123Z}; {@code null} is SQL NULL
 */
public record SinkRow(long order, List<String> values) {
    public SinkRow {
        values = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(values, "values")));
    }
}
