package io.cryptopipe.source;

import io.cryptopipe.core.parse.Entity;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One CoinCap resource the client can read.
 *
 * @param name   short name for logs and the ledger, e.g. {@code assets}
 * @param path   path segments below the API base, unencoded (ids may hold parentheses and accents)
 * @param query  filters, unencoded, kept sorted by name so a request's URL is stable; never {@code limit},
 *               {@code offset} or the key
 * @param entity how its items parse
 * @param key    an item's natural key, for deduplication within a poll
 * @param list   whether {@code data} is a list (else one object)
 * @param paged  whether the resource takes {@code limit}/{@code offset}
 * @param <T>    the item record
 */
public record Endpoint<T>(String name, List<String> path, Map<String, String> query, Entity<T> entity,
        Function<T, String> key, boolean list, boolean paged) {
    public Endpoint {
        path = List.copyOf(path);
        query = Collections.unmodifiableSortedMap(new TreeMap<>(query));
    }
}
