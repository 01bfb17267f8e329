package io.cryptopipe.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * CoinCap's REST surface over a {@link MarketState}: routes, filters, paging, envelopes and error bodies as
 * {@code ../shared/reference/coincap-api.md} describes them for v2 and v3. Transport-free and fault-free: it answers
 * with rows, and the HTTP layer applies faults, writes the JSON and moves the bytes.
 */
final class Api {
    static final int MAX_LIMIT = 2_000;
    /** The simulator's own bound on one history answer (CoinCap's is undocumented). */
    static final int MAX_HISTORY_POINTS = 10_000;
    private static final Map<String, Long> INTERVALS = Map.of("m1", 60L, "m5", 300L, "m15", 900L, "m30", 1_800L,
            "h1", 3_600L, "h2", 7_200L, "h6", 21_600L, "h12", 43_200L, "d1", 86_400L);
    private static final String INTERVAL_LIST = "m1, m5, m15, m30, h1, h2, h6, h12, d1";
    private static final Set<String> MARKET_FILTERS =
            Set.of("exchangeId", "baseSymbol", "quoteSymbol", "baseId", "quoteId", "assetSymbol", "assetId");

    private final MarketState state;
    private final Rows rows;
    private final SimClock clock;

    Api(MarketState state, SimClock clock) {
        this.state = state;
        this.rows = new Rows(state);
        this.clock = clock;
    }

    /**
     * One answer, not yet written, so the HTTP layer can apply item faults to the rows first.
     *
     * @param status    HTTP status
     * @param timestamp the envelope's {@code timestamp}: simulated milliseconds when the request was answered
     * @param kind      what the items are; null for errors
     * @param data      a list of rows or a single row (ordered, mutable maps); null for errors
     * @param error     the {@code error} message; null for success
     */
    record Response(int status, long timestamp, ItemKind kind, Object data, String error) {
        /** The rows of a success: the list, or the single item as a one-element list; empty for errors. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items() {
            if (data instanceof List<?> list) {
                return (List<Map<String, Object>>) list;
            }
            return data == null ? List.of() : List.of((Map<String, Object>) data);
        }

        /** The JSON body as CoinCap writes it: the envelope, or the error body. */
        byte[] body() {
            return error == null ? JsonBody.envelope(data, timestamp) : JsonBody.error(error, timestamp);
        }
    }

    /** What a route produced: the kind of its items and the list or single row. */
    private record Payload(ItemKind kind, Object data) {
    }

    Response handle(String method, List<String> segments, Query query) {
        long now = clock.millis();
        try {
            if (!"GET".equals(method)) {
                throw new ApiException(404, "Cannot " + method + " /" + String.join("/", segments));
            }
            Version version = segments.isEmpty() ? null : Version.of(segments.get(0));
            if (version == null) {
                throw notFoundRoute(segments);
            }
            Payload payload;
            try {
                payload = route(version, segments.subList(1, segments.size()), query, now);
            } catch (RouteNotFound e) {
                throw notFoundRoute(segments);
            }
            return new Response(200, now, payload.kind(), payload.data(), null);
        } catch (ApiException e) {
            return new Response(e.status, now, null, null, e.getMessage());
        }
    }

    private Payload route(Version v, List<String> path, Query q, long now) {
        String resource = path.isEmpty() ? "" : path.get(0);
        int depth = path.size();
        MarketState.Second s = state.at(Math.floorDiv(now, 1000));
        return switch (resource) {
            case "assets" -> switch (depth) {
                case 1 -> new Payload(ItemKind.ASSET, assets(s, v, q));
                case 2 -> new Payload(ItemKind.ASSET, rows.asset(s, assetIndex(path.get(1)), v));
                case 3 -> switch (path.get(2)) {
                    case "history" -> new Payload(ItemKind.HISTORY, history(assetIndex(path.get(1)), v, q, now));
                    case "markets" -> new Payload(ItemKind.ASSET_MARKET,
                            assetMarkets(s, assetIndex(path.get(1)), v, q));
                    default -> throw new RouteNotFound();
                };
                default -> throw new RouteNotFound();
            };
            case "rates" -> switch (depth) {
                case 1 -> new Payload(ItemKind.RATE, rates(s, v, q));
                case 2 -> new Payload(ItemKind.RATE, rate(s, path.get(1), v));
                default -> throw new RouteNotFound();
            };
            case "exchanges" -> switch (depth) {
                case 1 -> new Payload(ItemKind.EXCHANGE, exchanges(s, v, q, now));
                case 2 -> new Payload(ItemKind.EXCHANGE, rows.exchange(s, exchangeIndex(path.get(1), v), now, v));
                default -> throw new RouteNotFound();
            };
            case "markets" -> {
                if (depth != 1) {
                    throw new RouteNotFound();
                }
                yield new Payload(ItemKind.MARKET, markets(s, v, q, now));
            }
            default -> throw new RouteNotFound();
        };
    }

    private List<Map<String, Object>> exchanges(MarketState.Second s, Version v, Query q, long now) {
        return page(ranked(s.hour().exchangesByRank(), i -> true), v, q, v == Version.V3 ? 10 : 100)
                .stream().map(i -> rows.exchange(s, i, now, v)).toList();
    }

    private List<Map<String, Object>> assets(MarketState.Second s, Version v, Query q) {
        String search = q.get("search").map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
        Set<String> ids = q.get("ids").map(Api::csv).orElse(null);
        IntPredicate match = i -> {
            Universe.Asset a = state.universe.assets.get(i);
            return (ids == null || ids.contains(a.id()))
                    && (search == null || a.id().contains(search) || a.symbol().toLowerCase(Locale.ROOT)
                            .contains(search) || a.name().toLowerCase(Locale.ROOT).contains(search));
        };
        return page(ranked(s.assetsByRank(), match), v, q, 100).stream().map(i -> rows.asset(s, i, v)).toList();
    }

    private List<Map<String, Object>> assetMarkets(MarketState.Second s, int asset, Version v, Query q) {
        double[] volume = s.hour().marketVolume();
        List<Integer> own = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < state.universe.markets.size(); i++) {
            if (state.universe.markets.get(i).base() == asset) {
                own.add(i);
                total += volume[i];
            }
        }
        own.sort((a, b) -> Double.compare(volume[b], volume[a]));
        double assetVolume = total;
        return page(own, v, q, 100).stream().map(i -> rows.assetMarket(s, i, assetVolume, v)).toList();
    }

    private List<Map<String, Object>> markets(MarketState.Second s, Version v, Query q, long now) {
        Map<String, String> f = MARKET_FILTERS.stream().filter(n -> q.get(n).isPresent())
                .collect(Collectors.toMap(n -> n, n -> q.get(n).get()));
        Universe u = state.universe;
        IntPredicate match = i -> {
            Universe.MarketInfo m = u.markets.get(i);
            Universe.Asset base = u.assets.get(m.base());
            Universe.Asset quote = u.assets.get(m.quote());
            return eq(f, "exchangeId", u.exchanges.get(m.exchange()).id())
                    && eqIgnoreCase(f, "baseSymbol", base.symbol()) && eqIgnoreCase(f, "quoteSymbol", quote.symbol())
                    && eq(f, "baseId", base.id()) && eq(f, "quoteId", quote.id())
                    && (!f.containsKey("assetSymbol") || f.get("assetSymbol").equalsIgnoreCase(base.symbol())
                            || f.get("assetSymbol").equalsIgnoreCase(quote.symbol()))
                    && (!f.containsKey("assetId") || f.get("assetId").equals(base.id())
                            || f.get("assetId").equals(quote.id()));
        };
        return page(ranked(s.hour().marketsByExchangeRank(), match), v, q, v == Version.V3 ? 10 : 100)
                .stream().map(i -> rows.market(s, i, now, v)).toList();
    }

    private List<Map<String, Object>> rates(MarketState.Second s, Version v, Query q) {
        Set<String> ids = v == Version.V3 ? q.get("ids").map(Api::csv).orElse(null) : null;
        List<Map<String, Object>> out = new ArrayList<>();
        List<Universe.RateInfo> all = state.universe.rates;
        for (int i = 0; i < all.size(); i++) {
            if (ids == null || ids.contains(all.get(i).id())) {
                out.add(rows.rate(all.get(i), i, s.epochSecond(), v));
            }
        }
        return out;
    }

    private Map<String, Object> rate(MarketState.Second s, String id, Version v) {
        List<Universe.RateInfo> all = state.universe.rates;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return rows.rate(all.get(i), i, s.epochSecond(), v);
            }
        }
        throw new ApiException(404, v == Version.V3 ? "Conversion rate not found" : id + " not found");
    }

    private List<Map<String, Object>> history(int asset, Version v, Query q, long now) {
        String interval = q.get("interval").orElseThrow(() -> new ApiException(400, "missing interval"));
        Long step = INTERVALS.get(interval);
        if (step == null) {
            throw new ApiException(400, "use valid interval: " + INTERVAL_LIST);
        }
        long stepMs = step * 1000;
        long end = q.get("end").map(t -> millis("end", t)).orElse(now);
        long start = q.get("start").map(t -> millis("start", t)).orElse(end - defaultSpanMillis(interval));
        if (q.get("start").isPresent() != q.get("end").isPresent()) {
            throw new ApiException(400, q.get("start").isPresent() ? "query requires end" : "query requires start");
        }
        if (start > end) {
            throw new ApiException(400, "start must not be after end");
        }
        long last = Math.min(end, now);
        long first = Math.floorDiv(start + stepMs - 1, stepMs) * stepMs;
        long count = last < first ? 0 : (last - first) / stepMs + 1;
        if (count > MAX_HISTORY_POINTS) {
            throw new ApiException(400, "range too large: " + count + " points of " + interval + "; at most "
                    + MAX_HISTORY_POINTS + " per request");
        }
        List<Map<String, Object>> points = new ArrayList<>((int) count);
        for (long t = first; t <= last; t += stepMs) {
            double price = "d1".equals(interval) ? dayAverage(asset, t / 1000, now / 1000)
                    : state.assetPrice(asset, t / 1000);
            points.add(rows.historyPoint(asset, t, price, v));
        }
        return points;
    }

    /** d1 points are the average of the UTC day's hourly prices that have happened. */
    private double dayAverage(int asset, long daySecond, long nowSecond) {
        double sum = 0;
        int n = 0;
        for (long t = daySecond; t < daySecond + 86_400 && t <= nowSecond; t += 3_600) {
            sum += state.assetPrice(asset, t);
            n++;
        }
        return sum / n;
    }

    private static long defaultSpanMillis(String interval) {
        return switch (interval.charAt(0)) {
            case 'm' -> 86_400_000L;
            case 'h' -> 30 * 86_400_000L;
            default -> 365 * 86_400_000L;
        };
    }

    private static long millis(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be Unix milliseconds");
        }
    }

    /** Applies {@code limit} (default per endpoint, at most 2000) and {@code offset} to a ranked list. */
    private static List<Integer> page(List<Integer> ranked, Version v, Query q, int defaultLimit) {
        int limit = nonNegative(q, "limit", defaultLimit, v);
        int offset = nonNegative(q, "offset", 0, v);
        if (limit > MAX_LIMIT) {
            throw new ApiException(400, "limit exceeds " + MAX_LIMIT);
        }
        if (offset >= ranked.size()) {
            return List.of();
        }
        return ranked.subList(offset, Math.min(ranked.size(), offset + limit));
    }

    private static int nonNegative(Query q, String name, int fallback, Version v) {
        String text = q.get(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(400, v == Version.V3 ? "Invalid query parameters" : name + " must be a non-negative integer");
    }

    private static List<Integer> ranked(int[] order, IntPredicate match) {
        return Arrays.stream(order).filter(match).boxed().toList();
    }

    private int assetIndex(String id) {
        for (Universe.Asset a : state.universe.assets) {
            if (a.id().equals(id)) {
                return a.index();
            }
        }
        throw new ApiException(404, id + " not found");
    }

    private int exchangeIndex(String id, Version v) {
        for (Universe.ExchangeInfo e : state.universe.exchanges) {
            if (e.id().equals(id)) {
                return e.index();
            }
        }
        throw new ApiException(404, v == Version.V3 ? "Exchange not found" : id + " not found");
    }

    private static boolean eq(Map<String, String> filters, String name, String value) {
        return !filters.containsKey(name) || filters.get(name).equals(value);
    }

    private static boolean eqIgnoreCase(Map<String, String> filters, String name, String value) {
        return !filters.containsKey(name) || filters.get(name).equalsIgnoreCase(value);
    }

    private static Set<String> csv(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }

    private static ApiException notFoundRoute(List<String> path) {
        return new ApiException(404, "Cannot GET /" + String.join("/", path));
    }

    /** A path below the version segment that names no route; reported with the whole path. */
    private static final class RouteNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RouteNotFound() {
            super(null, null, false, false);
        }
    }
}
