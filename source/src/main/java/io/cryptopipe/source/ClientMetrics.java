package io.cryptopipe.source;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the client did, for logs, the ledger and metrics. Thread-safe. */
public final class ClientMetrics {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    void request() {
        requests.incrementAndGet();
    }

    void retry() {
        retries.incrementAndGet();
    }

    void budgetRefusal() {
        budgetRefusals.incrementAndGet();
    }

    void status(int status) {
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    void failure(CoinCapException.Kind kind) {
        failures.computeIfAbsent(kind.name(), k -> new AtomicLong()).incrementAndGet();
    }

    void polled(int repeated, int rejected) {
        repeats.addAndGet(repeated);
        rejections.addAndGet(rejected);
    }

    public long requests() {
        return requests.get();
    }

    public long retries() {
        return retries.get();
    }

    public long budgetRefusals() {
        return budgetRefusals.get();
    }

    public long repeats() {
        return repeats.get();
    }

    public long rejections() {
        return rejections.get();
    }

    /** HTTP statuses received, by code. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Failed requests by {@link CoinCapException.Kind}. */
    public Map<String, Long> failures() {
        Map<String, Long> copy = new TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
