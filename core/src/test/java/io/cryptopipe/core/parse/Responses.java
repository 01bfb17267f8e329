package io.cryptopipe.core.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Unwraps parser outcomes in tests, failing with the actual outcome when it is not the expected kind. */
final class Responses {
    private Responses() {
    }

    static <T> ParsedResponse.Page<T> page(ParsedResponse<T> response) {
        if (response instanceof ParsedResponse.Page<T> page) {
            return page;
        }
        throw new AssertionError("expected a page, got " + response);
    }

    static <T> ParsedResponse.Failure<T> failure(ParsedResponse<T> response) {
        if (response instanceof ParsedResponse.Failure<T> failure) {
            return failure;
        }
        throw new AssertionError("expected a failure, got " + response);
    }

    static PriceFrame.Ticks ticks(PriceFrame frame) {
        if (frame instanceof PriceFrame.Ticks ticks) {
            return ticks;
        }
        throw new AssertionError("expected ticks, got " + frame);
    }

    /** Items keyed by id, in response order; fails on a duplicate id. */
    static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            if (map.put(id.apply(item), item) != null) {
                throw new AssertionError("duplicate id " + id.apply(item));
            }
        }
        return map;
    }
}
