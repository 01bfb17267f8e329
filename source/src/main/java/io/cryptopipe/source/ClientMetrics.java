package io.cryptopipe.source;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of what the client did, for logs, the ledger and metrics, and the {@link Listener}s that want each event
 * with its endpoint (metrics per endpoint, latency). Thread-safe.
 */
public final class ClientMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ClientMetrics.class);

    /**
     * Told about every request as it happens, on the thread that made it; must be quick and must not throw (what
     * it throws is logged and ignored). Every method has an empty default.
     */
    public interface Listener {
        /**
         * One HTTP exchange ended.
         *
         * @param status the HTTP status, 0 when no answer came (I/O error or timeout)
         * @param took   from sending the request to having the whole body (or the error)
         */
        default void exchange(Endpoint<?> endpoint, int status, Duration took) {
        }

        /** A request is about to be sent again after a retryable failure. */
        default void retry(Endpoint<?> endpoint) {
        }

        /** The credit budget refused a request before it was sent. */
        default void budgetRefusal(Endpoint<?> endpoint) {
        }

        /** A poll of the endpoint failed for good with this kind (once per failed poll). */
        default void failure(Endpoint<?> endpoint, CoinCapException.Kind kind) {
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong rejections = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    /** Adds a listener for the events from now on. */
    public void addListener(Listener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    void exchanged(Endpoint<?> endpoint, int status, Duration took) {
        if (status > 0) {
            status(status);
        }
        tell(l -> l.exchange(endpoint, status, took));
    }

    void retry(Endpoint<?> endpoint) {
        retry();
        tell(l -> l.retry(endpoint));
    }

    void budgetRefusal(Endpoint<?> endpoint) {
        budgetRefusal();
        tell(l -> l.budgetRefusal(endpoint));
    }

    /** A poll failed for good; the kind was already counted where the failure was made. */
    void pollFailed(Endpoint<?> endpoint, CoinCapException.Kind kind) {
        tell(l -> l.failure(endpoint, kind));
    }

    private void tell(java.util.function.Consumer<Listener> event) {
        for (Listener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("a client metrics listener failed: {}", e.toString());
            }
        }
    }

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
