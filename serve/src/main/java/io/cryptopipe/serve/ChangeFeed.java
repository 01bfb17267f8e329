package io.cryptopipe.serve;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes "assets changed" to every connected browser (Server-Sent Events on /api/stream). One poller for the whole
 * dashboard reads a cheap change marker of the latest-state table (its newest observed_at and last_seen_at and its
 * row count; the table holds one row per asset) every {@code interval}; when the marker moves it sends one
 * {@code assets} event to all clients, which then fetch the rows they show. So the database sees one poll per
 * interval however many browsers are open (none while no browser is connected), and a new row reaches the page
 * within the interval plus one fetch.
 * A comment every 15 s keeps idle connections open through proxies and finds clients that went away.
 */
final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    static final String MARKER_SQL = "SELECT max(observed_at) AS observed_at, max(last_seen_at) AS last_seen_at, "
            + "count(*) AS assets FROM assets";

    private final Db db;
    private final Json json;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile Map<String, Object> marker;
    private volatile boolean failing;

    ChangeFeed(Db db, Json json, Duration interval) {
        this.db = db;
        this.json = json;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-change-feed");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::keepAlive, 15, 15, TimeUnit.SECONDS);
    }

    /** Registers a browser; it gets the current marker at once, then every change. */
    void join(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        Map<String, Object> m = marker;
        if (m != null) {
            send(client, m);
        }
    }

    int clients() {
        return clients.size();
    }

    private void poll() {
        if (clients.isEmpty()) {
            return; // nobody watches: no query (a browser that joins loads the table itself)
        }
        try {
            List<Map<String, Object>> rows = db.rows(MARKER_SQL);
            Map<String, Object> now = rows.get(0);
            if (failing) {
                LOG.info("the dashboard's change feed reads the database again");
                failing = false;
            }
            if (!Objects.equals(now, marker)) {
                marker = now;
                for (SseClient c : clients) {
                    send(c, now);
                }
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("the dashboard's change feed cannot read the assets marker ({}); retrying", e.getMessage());
                failing = true;
            }
        }
    }

    /** Writes one event; a client is written by one thread at a time (the poller, or the request joining it). */
    private void send(SseClient c, Map<String, Object> m) {
        try {
            synchronized (c) {
                if (c.terminated()) {
                    clients.remove(c);
                } else {
                    c.sendEvent("assets", json.write(m));
                }
            }
        } catch (RuntimeException e) {
            clients.remove(c);
        }
    }

    private void keepAlive() {
        for (SseClient c : clients) {
            try {
                synchronized (c) {
                    if (c.terminated()) {
                        clients.remove(c);
                    } else {
                        c.sendComment("keep-alive");
                    }
                }
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    /** Stops the poller and closes every stream; idempotent. */
    @Override
    public void close() {
        poller.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        clients.clear();
    }
}
