package io.cryptopipe.core.parse;

import java.util.Map;
import java.util.TreeMap;

/**
 * API drift seen in one response: how many items carried fields the parser does not know, and how many lacked
 * fields it expects (an absent optional field is accepted, but counted here).
 *
 * @param unknown field name to the number of items that carried it
 * @param missing field name to the number of items without it
 */
public record FieldDrift(Map<String, Integer> unknown, Map<String, Integer> missing) {
    public static final FieldDrift NONE = new FieldDrift(Map.of(), Map.of());

    public FieldDrift {
        unknown = Map.copyOf(unknown);
        missing = Map.copyOf(missing);
    }

    public boolean isEmpty() {
        return unknown.isEmpty() && missing.isEmpty();
    }

    /** Accumulates drift while one response is parsed. Not thread-safe. */
    static final class Counter {
        private final Map<String, Integer> unknown = new TreeMap<>();
        private final Map<String, Integer> missing = new TreeMap<>();

        void unknown(String field) {
            unknown.merge(field, 1, Integer::sum);
        }

        void missing(String field) {
            missing.merge(field, 1, Integer::sum);
        }

        FieldDrift toDrift() {
            return new FieldDrift(unknown, missing);
        }
    }
}
