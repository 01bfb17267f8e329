package io.cryptopipe.serve;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dashboard's routes; each handler reads its parameters strictly and answers JSON or a file. */
final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    /** The request attribute holding the matched route pattern, for the request metric. */
    static final String ROUTE = "dashboard.route";

    private final Json json;
    private final Db db;
    private final MarketQueries market;
    private final PipelineQueries pipeline;
    private final Reports reports;
    private final LiveStatus status;
    private final PrometheusMeterRegistry registry;
    private final Assets assets;

    Routes(Json json, Db db, MarketQueries market, PipelineQueries pipeline, Reports reports, LiveStatus status,
           PrometheusMeterRegistry registry, Assets assets) {
        this.json = json;
        this.db = db;
        this.market = market;
        this.pipeline = pipeline;
        this.reports = reports;
        this.status = status;
        this.registry = registry;
        this.assets = assets;
    }

    void register(Registrar r) {
        r.get("/", ctx -> page(ctx, "overview.html"));
        r.get("/asset/{id}", ctx -> page(ctx, "asset.html"));
        r.get("/exchanges", ctx -> page(ctx, "exchanges.html"));
        r.get("/rates", ctx -> page(ctx, "rates.html"));
        r.get("/pipeline", ctx -> page(ctx, "pipeline.html"));
        r.get("/reports", ctx -> page(ctx, "reports.html"));
        r.get("/reports/{name}", this::report);
        r.get("/static/{name}", ctx -> {
            Assets.File f = assets.statik(ctx.pathParam("name"))
                    .orElseThrow(() -> ApiException.notFound("no static file " + ctx.pathParam("name")));
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType(f.contentType()).result(f.bytes());
        });

        r.get("/api/assets", ctx -> json.send(ctx, market.assets(
                intParam(ctx, "limit", MarketQueries.DEFAULT_LIMIT, 1, MarketQueries.MAX_LIMIT), query(ctx))));
        r.get("/api/assets/{id}", ctx -> json.send(ctx, market.asset(ctx.pathParam("id"))));
        r.get("/api/assets/{id}/candles", ctx -> json.send(ctx, market.candles(ctx.pathParam("id"),
                MarketQueries.Range.parse(Optional.ofNullable(ctx.queryParam("range")).orElse("24h")))));
        r.get("/api/assets/{id}/markets", ctx -> json.send(ctx, market.markets(ctx.pathParam("id"),
                intParam(ctx, "limit", 100, 1, MarketQueries.MAX_LIMIT))));
        r.get("/api/exchanges", ctx -> json.send(ctx, market.exchanges(intParam(ctx, "limit", 200, 1,
                MarketQueries.MAX_LIMIT))));
        r.get("/api/rates", ctx -> {
            Optional<String> type = Optional.ofNullable(ctx.queryParam("type")).filter(t -> !t.isEmpty());
            if (type.isPresent() && !type.get().equals("fiat") && !type.get().equals("crypto")) {
                throw ApiException.badParameter("type", "fiat or crypto");
            }
            json.send(ctx, market.rates(type));
        });
        r.get("/api/pipeline", ctx -> json.send(ctx, pipeline.pipeline()));
        r.get("/api/reports", ctx -> json.send(ctx, Map.of("reports", reports.list())));

        r.get("/metrics", ctx -> ctx.contentType(Dashboard.PROMETHEUS_TEXT).result(registry.scrape()));
        r.get("/health", this::health);
    }

    private void page(Context ctx, String name) {
        Assets.File f = assets.page(name);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(f.contentType()).result(f.bytes());
    }

    private void report(Context ctx) throws java.io.IOException {
        byte[] html = reports.read(ctx.pathParam("name"));
        ctx.header("Content-Security-Policy", Reports.policy(html));
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** The running parts' health plus the dashboard's own database check; 200 when all are healthy, else 503. */
    private void health(Context ctx) {
        List<Map<String, Object>> components = new ArrayList<>();
        boolean healthy = true;
        for (ComponentHealth c : status.components()) {
            components.add(PipelineQueries.component(c));
            healthy &= c.status().healthy();
        }
        ComponentHealth pg;
        try {
            db.ping(Dashboard.HEALTH_TIMEOUT_SECONDS);
            pg = new ComponentHealth("dashboard.postgresql", ComponentHealth.Status.UP, "answered within " + Dashboard.HEALTH_TIMEOUT_SECONDS + " s");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("dashboard health check: the database did not answer", e);
            pg = new ComponentHealth("dashboard.postgresql", ComponentHealth.Status.DOWN,
                    "no answer within " + Dashboard.HEALTH_TIMEOUT_SECONDS + " s"
                            + (e instanceof SQLException s && s.getSQLState() != null
                            ? " (SQL state " + s.getSQLState() + ")" : ""));
        }
        components.add(PipelineQueries.component(pg));
        healthy &= pg.status().healthy();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", healthy ? "UP" : "DOWN");
        out.put("components", components);
        ctx.status(healthy ? 200 : 503);
        json.send(ctx, out);
    }

    private static Optional<String> query(Context ctx) {
        String q = ctx.queryParam("q");
        if (q != null && q.length() > MarketQueries.MAX_QUERY) {
            throw ApiException.badParameter("q", "at most " + MarketQueries.MAX_QUERY + " characters");
        }
        return Optional.ofNullable(q);
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badParameter(name, "an integer from " + min + " to " + max);
    }

    /** Declares GET (and HEAD) routes, tagging each request with its route pattern for the request metric. */
    static final class Registrar {
        private final JavalinConfig config;

        Registrar(JavalinConfig config) {
            this.config = config;
        }

        void get(String path, Handler handler) {
            Handler tagged = ctx -> {
                ctx.attribute(ROUTE, path);
                handler.handle(ctx);
            };
            config.routes.get(path, tagged);
            config.routes.head(path, tagged);
        }
    }
}
