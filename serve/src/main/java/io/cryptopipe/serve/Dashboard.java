package io.cryptopipe.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only web dashboard: pages, the JSON API under /api, server-sent updates, /metrics and /health, on one
 * Javalin (Jetty 12) server. Every route answers GET (and HEAD) only, behind HTTP Basic when a password is set, with
 * security headers on every response; errors are JSON {@code {"error": ...}} without internals.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    static final Duration FEED_INTERVAL = Duration.ofMillis(500);
    static final int STATEMENT_TIMEOUT_SECONDS = 5;
    static final int HEALTH_TIMEOUT_SECONDS = 2;
    static final String METRIC = "cryptopipe.dashboard.requests";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Scripts, styles, data and connections from this origin only; no inline script, no framing. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Javalin app;
    private final ChangeFeed feed;
    private final PrometheusMeterRegistry registry;
    private final Gauge sseClients;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dashboard(Javalin app, ChangeFeed feed, PrometheusMeterRegistry registry, Gauge sseClients, URI url) {
        this.app = app;
        this.feed = feed;
        this.registry = registry;
        this.sseClients = sseClients;
        this.url = url;
    }

    /**
     * Starts serving {@code settings.bind():settings.port()}.
     *
     * @param db       the serving database; each request borrows a connection and closes it
     * @param status   what only the running process knows (lag, credits, component health)
     * @param registry where the dashboard records its own requests, and what /metrics serves
     * @param clock    "now" for the time windows of the queries
     * @throws IllegalArgumentException for a non-loopback bind without a password (naming --http-bind,
     *                                  --dashboard-password-file and CRYPTOPIPE_DASHBOARD_PASSWORD)
     */
    public static Dashboard start(ServeSettings settings, DataSource db, LiveStatus status,
                                  PrometheusMeterRegistry registry, Clock clock) {
        Auth auth = Auth.of(settings);
        Json json = new Json();
        Db queries = new Db(db, STATEMENT_TIMEOUT_SECONDS);
        Assets assets = Assets.load();
        Routes routes = new Routes(json, queries, new MarketQueries(queries, clock),
                new PipelineQueries(queries, status, clock), new Reports(settings.reportsDir()), status, registry,
                assets);
        ChangeFeed feed = new ChangeFeed(queries, json, FEED_INTERVAL);
        Javalin app;
        try {
            app = Javalin.create(config -> configure(config, settings, auth, json, routes, feed, registry));
            app.start();
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        Gauge gauge = Gauge.builder("cryptopipe.dashboard.sse.clients", feed, ChangeFeed::clients)
                .description("browsers connected to the dashboard's update stream").register(registry);
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        URI url = URI.create("http://" + host + ":" + app.port() + "/");
        LOG.info("dashboard on {}{}", url, auth.required() ? " (HTTP Basic, user " + ServeSettings.USER + ")" : "");
        return new Dashboard(app, feed, registry, gauge, url);
    }

    /** {@code http://host:port/}, with the port actually bound. */
    public URI url() {
        return url;
    }

    /** Stops the server and the change feed; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        feed.close();
        app.stop();
        registry.remove(sseClients);
    }

    private static void configure(JavalinConfig config, ServeSettings settings, Auth auth, Json json, Routes routes,
                                  ChangeFeed feed, PrometheusMeterRegistry registry) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = settings.bind();
        config.jetty.port = settings.port();
        // A small pool: a handful of people look at this page; update streams are async and hold no thread.
        config.jetty.threadPool = new QueuedThreadPool(32, 2);
        config.requestLogger.http((ctx, ms) -> record(registry, ctx, ms));

        config.routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", POLICY);
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
            if (!auth.accepts(ctx.header("Authorization"))) {
                ctx.header("WWW-Authenticate", Auth.CHALLENGE);
                throw new ApiException(401, "authentication required: HTTP Basic, user " + ServeSettings.USER);
            }
            HandlerType m = ctx.method();
            if (!m.equals(HandlerType.GET) && !m.equals(HandlerType.HEAD)) {
                ctx.header("Allow", "GET, HEAD");
                throw new ApiException(405, "method " + m.name() + " not allowed: the dashboard is read-only "
                        + "(GET and HEAD only)");
            }
        });

        config.routes.exception(ApiException.class, (e, ctx) -> json.error(ctx, e.status(), e.getMessage()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> json.error(ctx, e.getStatus(),
                e.getStatus() == 404 ? "not found: no page or API at " + ctx.path() : e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("dashboard request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
            json.error(ctx, 500, "internal error (id " + id + "); the dashboard's log has the details");
        });

        routes.register(new Routes.Registrar(config));
        // Javalin's SSE handler answers an empty 200 unless the request accepts text/event-stream (as EventSource
        // does); say what is expected instead.
        SseHandler stream = new SseHandler(feed::join);
        new Routes.Registrar(config).get("/api/stream", ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiException(406, "/api/stream is a server-sent event stream: request it with "
                        + "Accept: text/event-stream (EventSource does)");
            }
            stream.handle(ctx);
        });
    }

    /** Records one finished request under its route pattern (bounded cardinality), method and status. */
    private static void record(PrometheusMeterRegistry registry, Context ctx, Float ms) {
        String route = ctx.attribute(Routes.ROUTE);
        if (route == null) {
            int s = ctx.statusCode();
            route = s == 401 ? "(unauthenticated)" : s == 405 ? "(method not allowed)" : "(unmatched)";
        }
        String method = ctx.method().equals(HandlerType.HEAD) ? "HEAD" : ctx.method().equals(HandlerType.GET) ? "GET"
                : "OTHER";
        Timer.builder(METRIC).description("requests the dashboard answered, by route pattern and status")
                .tag("route", route).tag("method", method).tag("status", Integer.toString(ctx.statusCode()))
                .register(registry).record((long) (ms == null ? 0 : ms * 1_000_000L), TimeUnit.NANOSECONDS);
    }
}
