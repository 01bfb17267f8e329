package io.cryptopipe.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.store.PgServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API, errors, auth, /health and /metrics against the embedded PostgreSQL loaded with the fixture; one
 * server and one dashboard for the class (others are started where a test needs a password or a broken database).
 */
class DashboardApiIT {
    static final String PASSWORD = "s3cret-Pa55-word";
    static final List<String> ROUTES = List.of("/", "/asset/bitcoin", "/exchanges", "/rates", "/pipeline", "/reports",
            "/reports/2026-11-19.html", "/static/common.js", "/static/echarts.min.js", "/api/assets",
            "/api/assets/bitcoin", "/api/assets/bitcoin/candles?range=1h", "/api/assets/bitcoin/markets",
            "/api/exchanges", "/api/rates", "/api/pipeline", "/api/reports", "/metrics", "/health");

    @TempDir
    static Path dir;
    static PgServer pg;
    static Dashboard dashboard;
    static FixedStatus status = new FixedStatus();
    static PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    static Path reports;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper json = new ObjectMapper();
    final List<AutoCloseable> extra = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = ServeTestDb.start(dir);
        ServeTestDb.loadFixture(pg.dataSource());
        reports = Files.createDirectories(dir.resolve("reports"));
        Files.writeString(reports.resolve("2026-11-18.html"), "<html><body>old report</body></html>");
        Files.writeString(reports.resolve("2026-11-19.html"),
                "<html><body><h1>report 19</h1><script>document.title='x'</script></body></html>");
        Files.writeString(reports.resolve("notes.txt"), "not a report");
        Files.writeString(dir.resolve("secret.html"), "outside the reports directory");
        dashboard = start(Optional.empty(), pg.dataSource(), registry);
    }

    static Dashboard start(Optional<String> password, DataSource db, PrometheusMeterRegistry reg) {
        return Dashboard.start(new ServeSettings("127.0.0.1", 0, password, reports), db, status, reg,
                ServeTestDb.CLOCK);
    }

    @AfterAll
    static void stop() throws IOException {
        if (dashboard != null) {
            dashboard.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void closeExtra() throws Exception {
        status.components = FixedStatus.healthy();
        status.lagError = null;
        for (AutoCloseable c : extra) {
            c.close();
        }
    }

    // ---- market API

    @Test
    void assetsComeByMarketCapWithExactDecimalsAsStrings() throws Exception {
        JsonNode body = getJson("/api/assets");
        JsonNode assets = body.get("assets");
        assertThat(ids(assets)).containsExactly("bitcoin", "ethereum", "evil", "drop", "percent", "under-score",
                "plain");
        JsonNode btc = assets.get(0);
        assertThat(btc.get("price_usd").isTextual()).isTrue();
        assertThat(btc.get("price_usd").asText()).isEqualTo("67890.12345678901234567890");
        assertThat(btc.get("market_cap_usd").asText()).isEqualTo("1349876543210.123456789012345678");
        assertThat(btc.get("supply").asText()).as("scale kept").isEqualTo("19876543.00000000");
        assertThat(btc.get("change_percent_24hr").asText()).isEqualTo("2.50123456789");
        assertThat(btc.get("rank").asLong()).isEqualTo(1);
        assertThat(btc.get("name").asText()).isEqualTo("Bitcoin");
        assertThat(btc.get("symbol").asText()).isEqualTo("BTC");
        assertThat(btc.get("observed_at").asText()).isEqualTo("2026-11-20T11:59:30Z");
        assertThat(assets.get(3).get("price_usd").asText()).as("no exponent").isEqualTo("0.00001234");
        assertThat(assets.get(1).get("max_supply").isNull()).isTrue();
        assertThat(getJson("/api/assets?limit=2").get("assets")).hasSize(2);
    }

    @Test
    void sparklinesSampleTheLast24HoursOfSnapshotsInOneBoundedSeries() throws Exception {
        JsonNode assets = getJson("/api/assets").get("assets");
        JsonNode btc = assets.get(0).get("sparkline");
        assertThat(btc).hasSize(MarketQueries.SPARK_POINTS);
        // Points every 30 min ending at 12:00; snapshots every 10 min at hh:01, hh:11, ... hh:51 from 12:01 yesterday.
        // The point at 12:00 takes the 11:51 snapshot (i = 143), the one at 11:30 the 11:21 snapshot (i = 140).
        assertThat(btc.get(47).asText()).isEqualTo("67143");
        assertThat(btc.get(46).asText()).isEqualTo("67140");
        // The first point (12:30 yesterday) takes the 12:21 snapshot (i = 2).
        assertThat(btc.get(0).asText()).isEqualTo("67002");
        assertThat(assets.get(2).get("sparkline")).as("no snapshots: all points empty")
                .allSatisfy(p -> assertThat(p.isNull()).isTrue());
    }

    @Test
    void searchFindsByNameAndSymbolCaseInsensitively() throws Exception {
        assertThat(ids(getJson("/api/assets?q=ethER").get("assets"))).containsExactly("ethereum");
        assertThat(ids(getJson("/api/assets?q=btc").get("assets"))).containsExactly("bitcoin");
        assertThat(ids(getJson("/api/assets?q=zzz").get("assets"))).isEmpty();
    }

    @Test
    void hostileSearchTextIsMatchedLiterally() throws Exception {
        assertThat(ids(getJson("/api/assets?q=" + enc("'; DROP TABLE assets; --")).get("assets")))
                .containsExactly("drop");
        assertThat(count("SELECT count(*) FROM assets")).isEqualTo(7);
        assertThat(ids(getJson("/api/assets?q=" + enc("%")).get("assets"))).containsExactly("percent");
        // "U_S", "Under_score" and "window.__xss" hold an underscore; every name would match if _ were a wildcard,
        // and "UxScore"/"UXS" would match "u_s".
        assertThat(ids(getJson("/api/assets?q=" + enc("_")).get("assets"))).containsExactly("evil", "under-score");
        assertThat(ids(getJson("/api/assets?q=" + enc("u_s")).get("assets"))).containsExactly("under-score");
        assertThat(ids(getJson("/api/assets?q=" + enc("\\")).get("assets"))).isEmpty();
    }

    @Test
    void oneAssetAndUnknownAssets() throws Exception {
        JsonNode evil = getJson("/api/assets/evil");
        assertThat(evil.get("name").asText()).isEqualTo("<script>window.__xss=1</script><img src=x id=injected>");
        HttpResponse<String> unknown = get("/api/assets/nope");
        assertError(unknown, 404, "unknown asset");
        assertError(get("/api/assets/nope/candles?range=1h"), 404, "unknown asset");
        assertError(get("/api/assets/nope/markets"), 404, "unknown asset");
    }

    @Test
    void candlesOfEachRangeAreAggregatedInSqlToBoundedBuckets() throws Exception {
        JsonNode h1 = getJson("/api/assets/bitcoin/candles?range=1h");
        assertThat(h1.get("bucket_seconds").asLong()).isEqualTo(60);
        assertThat(h1.get("candles")).hasSize(60);
        JsonNode first = h1.get("candles").get(0);
        long m = Instant.parse("2026-11-20T11:00:00Z").getEpochSecond() / 60;
        assertThat(first.get("bucket_start").asText()).isEqualTo("2026-11-20T11:00:00Z");
        assertThat(first.get("open").asText()).isEqualTo(Long.toString(60000 + m % 100));
        assertThat(getJson("/api/assets/bitcoin/candles?range=6h").get("candles")).hasSize(360);

        JsonNode h24 = getJson("/api/assets/bitcoin/candles?range=24h");
        assertThat(h24.get("bucket_seconds").asLong()).isEqualTo(300);
        assertThat(h24.get("candles")).hasSize(288);
        JsonNode bucket = h24.get("candles").get(287); // 11:55..11:59
        long m0 = Instant.parse("2026-11-20T11:55:00Z").getEpochSecond() / 60;
        long high = 0;
        long low = Long.MAX_VALUE;
        for (long i = m0; i < m0 + 5; i++) {
            high = Math.max(high, 60010 + i % 100);
            low = Math.min(low, 59990 + i % 100);
        }
        assertThat(bucket.get("bucket_start").asText()).isEqualTo("2026-11-20T11:55:00Z");
        assertThat(bucket.get("open").asText()).isEqualTo(Long.toString(60000 + m0 % 100));
        assertThat(bucket.get("close").asText()).isEqualTo(Long.toString(60005 + (m0 + 4) % 100));
        assertThat(bucket.get("high").asText()).isEqualTo(Long.toString(high));
        assertThat(bucket.get("low").asText()).isEqualTo(Long.toString(low));
        assertThat(bucket.get("tick_count").asText()).isEqualTo("15");

        JsonNode d7 = getJson("/api/assets/bitcoin/candles?range=7d");
        assertThat(d7.get("candles")).hasSize(336);
        assertThat(d7.get("candles").get(0).get("bucket_start").asText()).isEqualTo("2026-11-13T12:00:00Z");

        JsonNode eth = getJson("/api/assets/ethereum/candles?range=1h").get("candles");
        assertThat(eth).singleElement().satisfies(c -> {
            assertThat(c.get("open").asText()).isEqualTo("3456.12345678901234567891");
            assertThat(c.get("low").asText()).isEqualTo("3450.00000000000000000001");
            assertThat(c.get("close").asText()).isEqualTo("3457.98765432109876543210");
        });
        assertThat(getJson("/api/assets/bitcoin/candles").get("range").asText()).as("default").isEqualTo("24h");
    }

    @Test
    void aBadRangeIs400NamingTheParameterAndItsForm() throws Exception {
        for (String bad : List.of("2h", "", "1h%27%3B", "7D")) {
            HttpResponse<String> r = get("/api/assets/bitcoin/candles?range=" + bad);
            assertError(r, 400, "range");
            assertThat(json.readTree(r.body()).get("error").asText()).contains("1h, 6h, 24h, 7d");
        }
        assertError(get("/api/assets?limit=0"), 400, "limit");
        assertError(get("/api/assets?limit=abc"), 400, "limit");
        assertError(get("/api/assets?q=" + "x".repeat(101)), 400, "'q'");
        assertError(get("/api/rates?type=gold"), 400, "'type'");
    }

    @Test
    void marketsOfAnAssetByVolume() throws Exception {
        JsonNode markets = getJson("/api/assets/bitcoin/markets").get("markets");
        assertThat(StreamSupport.stream(markets.spliterator(), false).map(n -> n.get("exchange_id").asText()))
                .containsExactly("binance", "coinbase", "kraken");
        assertThat(markets.get(0).get("volume_usd_24hr").asText()).isEqualTo("1000000000.123456789012345678");
        assertThat(markets.get(0).get("quote_symbol").asText()).isEqualTo("USDT");
        assertThat(markets.get(0).get("trades_count_24hr").asLong()).isEqualTo(900000);
    }

    @Test
    void exchangesAndRates() throws Exception {
        JsonNode ex = getJson("/api/exchanges").get("exchanges");
        assertThat(StreamSupport.stream(ex.spliterator(), false).map(n -> n.get("exchange_id").asText()))
                .containsExactly("binance", "coinbase", "kraken");
        assertThat(ex.get(0).get("percent_total_volume").asText()).isEqualTo("45.123456789012345678");
        assertThat(ex.get(0).get("trading_pairs").asLong()).isEqualTo(1500);
        assertThat(ex.get(0).get("socket").asBoolean()).isTrue();

        JsonNode rates = getJson("/api/rates").get("rates");
        assertThat(StreamSupport.stream(rates.spliterator(), false).map(n -> n.get("type").asText() + ":"
                + n.get("symbol").asText())).containsExactly("crypto:BTC", "fiat:EUR", "fiat:USD");
        JsonNode fiat = getJson("/api/rates?type=fiat").get("rates");
        assertThat(fiat).hasSize(2);
        assertThat(fiat.get(0).get("rate_usd").asText()).isEqualTo("1.08123456789012345678");
        assertThat(fiat.get(0).get("currency_symbol").asText()).isEqualTo("€");
    }

    // ---- pipeline, health, metrics

    @Test
    void pipelineShowsLiveStatusLedgerRejectsGapsAndBatchRuns() throws Exception {
        JsonNode p = getJson("/api/pipeline");
        assertThat(p.at("/lag/data").toString()).isEqualTo("[{\"topic\":\"coincap.assets\",\"lag\":12},"
                + "{\"topic\":\"coincap.prices\",\"lag\":0}]");
        assertThat(p.at("/credits/data/used_today").asLong()).isEqualTo(1234);
        assertThat(p.at("/credits/data/budget").asLong()).isEqualTo(2500);
        assertThat(p.at("/components/data/0/name").asText()).isEqualTo("kafka");
        JsonNode last = p.at("/last_polls/data");
        assertThat(last).hasSize(2);
        assertThat(last.get(0).get("entity").asText()).isEqualTo("assets");
        assertThat(last.get(0).get("observed_at").asText()).isEqualTo("2026-11-20T11:59:00Z");
        assertThat(last.get(1).get("entity").asText()).isEqualTo("rates");
        JsonNode polls = p.at("/polls_24h/data/0");
        assertThat(polls.get("polls").asLong()).isEqualTo(60);
        assertThat(polls.get("failed").asLong()).isEqualTo(1);
        assertThat(polls.get("refused").asLong()).isEqualTo(1);
        assertThat(p.at("/recent_failures/data")).hasSize(2);
        assertThat(p.at("/recent_failures/data/0/reason").asText()).isEqualTo("daily credit budget spent");
        JsonNode rejects = p.at("/rejects_24h/data");
        assertThat(rejects).hasSize(2); // the one of 2026-11-18 is outside the window
        assertThat(rejects.get(0).get("reason").asText()).isEqualTo("missing id");
        assertThat(rejects.get(0).get("records").asLong()).isEqualTo(2);
        assertThat(p.at("/completeness_1h/data")).isNotEmpty();
        assertThat(StreamSupport.stream(p.at("/gaps_24h/data").spliterator(), false)
                .map(g -> g.get("reason").asText() + "@" + g.get("slot_start").asText()))
                .containsExactly("refused by budget@2026-11-20T11:40:00Z", "failed@2026-11-20T11:20:00Z");
        assertThat(p.at("/batch_steps/data")).hasSize(3);
        assertThat(p.at("/batch_steps/data/2/step").asText()).isEqualTo("gates");
        assertThat(p.at("/batch_steps/data/2/failed").asLong()).isEqualTo(1);
        assertThat(p.at("/batch_runs/data/0/error").asText()).contains("price_vs_vwap");
    }

    @Test
    void aLiveStatusFailureShowsInItsSectionOnly() throws Exception {
        status.lagError = "the broker at 127.0.0.1:9092 did not answer";
        JsonNode p = getJson("/api/pipeline");
        assertThat(p.at("/lag/error").asText()).isEqualTo("the broker at 127.0.0.1:9092 did not answer");
        assertThat(p.at("/last_polls/data")).hasSize(2);
    }

    @Test
    void healthIs200WhenEverythingIsHealthyAnd503Otherwise() throws Exception {
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(ok.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("components").toString()).contains("\"name\":\"kafka\"").contains("OFF")
                .contains("\"name\":\"dashboard.postgresql\",\"status\":\"UP\"");

        status.components = List.of(new ComponentHealth("stream", ComponentHealth.Status.DOWN, "query stopped"));
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json.readTree(down.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(down.body()).contains("query stopped");
    }

    @Test
    void metricsServePrometheusTextWithTheDashboardsOwnRequests() throws Exception {
        get("/api/assets/bitcoin");
        get("/api/assets/nope");
        HttpResponse<String> m = get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(
                c -> assertThat(c).startsWith("text/plain; version=0.0.4"));
        assertThat(m.body()).containsPattern(
                "cryptopipe_dashboard_requests_seconds_count\\{[^}]*route=\"/api/assets/\\{id}\"[^}]*status=\"200\"")
                .containsPattern("cryptopipe_dashboard_requests_seconds_count\\{[^}]*route=\"/api/assets/\\{id}\""
                        + "[^}]*status=\"404\"")
                .doesNotContain("route=\"/api/assets/bitcoin\"");
    }

    @Test
    void aBrokenDatabaseGives500WithAnIdAndNoInternalsAnd503OnHealth() throws Exception {
        DataSource broken = new BrokenDataSource();
        Dashboard d = start(Optional.empty(), broken, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        extra.add(d);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(d.url().resolve("/api/assets")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(r, 500, "internal error (id ");
        assertThat(r.body()).doesNotContain(BrokenDataSource.SECRET);
        HttpResponse<String> h = http.send(HttpRequest.newBuilder(d.url().resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(h.statusCode()).isEqualTo(503);
        assertThat(h.body()).contains("\"name\":\"dashboard.postgresql\",\"status\":\"DOWN\"")
                .doesNotContain(BrokenDataSource.SECRET);
        HttpResponse<String> p = http.send(HttpRequest.newBuilder(d.url().resolve("/api/pipeline")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body()).contains("the database query failed").doesNotContain(BrokenDataSource.SECRET);
    }

    // ---- read-only, errors, headers

    @Test
    void everyMethodButGetAndHeadIs405Json() throws Exception {
        for (String path : List.of("/", "/api/assets", "/api/assets/bitcoin", "/metrics", "/health", "/nowhere")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path))
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertError(r, 405, "read-only");
                assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
        }
        assertThat(count("SELECT count(*) FROM assets")).isEqualTo(7);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/assets"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void unknownPathsAre404Json() throws Exception {
        assertError(get("/nowhere"), 404, "not found");
        assertError(get("/api/nothing"), 404, "not found");
        assertError(get("/static/nothing.js"), 404, "no static file");
        assertError(get("/static/dashboard.html"), 404, "no static file");
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndPagesHaveNoInlineScript() throws Exception {
        for (String path : ROUTES) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            if (path.startsWith("/reports/")) {
                assertThat(csp).startsWith("sandbox allow-scripts;").contains("connect-src 'none'")
                        .containsPattern("script-src 'sha256-[^;]*;").doesNotContainPattern("script-src[^;]*unsafe");
            } else {
                assertThat(csp).as(path).contains("script-src 'self'").doesNotContain("unsafe");
            }
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/html") && !path.startsWith("/reports/")) {
                assertThat(r.body()).as(path + " has only external scripts").doesNotContainPattern("<script(?![^>]*src=)")
                        .doesNotContain(" style=").doesNotContain("onclick");
            }
        }
        assertError(get("/api/assets/nope"), 404, "unknown");
        assertThat(get("/api/assets/nope").headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void echartsComesFromTheWebJar() throws Exception {
        HttpResponse<String> r = get("/static/echarts.min.js");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(r.body().length()).isGreaterThan(500_000);
        assertThat(r.body()).contains("echarts");
    }

    // ---- reports

    @Test
    void reportsAreListedNewestFirstAndServedByStrictName() throws Exception {
        JsonNode list = getJson("/api/reports").get("reports");
        assertThat(StreamSupport.stream(list.spliterator(), false).map(n -> n.get("name").asText()))
                .containsExactly("2026-11-19.html", "2026-11-18.html");
        assertThat(list.get(0).get("url").asText()).isEqualTo("/reports/2026-11-19.html");
        HttpResponse<String> r = get("/reports/2026-11-19.html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("report 19");
        // the hash of the report's own inline script, so it (and only it) may run
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("'sha256-"
                + Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest("document.title='x'".getBytes(StandardCharsets.UTF_8))) + "'");
        assertError(get("/reports/2026-11-17.html"), 404, "no report");
        assertError(get("/reports/notes.txt"), 404, "no such report");
    }

    @Test
    void reportNamesWithTraversalAreRefused() throws Exception {
        for (String path : List.of("/reports/../secret.html", "/reports/%2e%2e/secret.html",
                "/reports/%2e%2e%2fsecret.html", "/reports/..%2Fsecret.html", "/reports/..%5csecret.html",
                "/reports/2026-11-19.html%00", "/reports/%2e%2e%2f%2e%2e%2fetc%2fpasswd")) {
            int status = rawStatus(path);
            assertThat(status).as(path).isIn(400, 404);
        }
    }

    // ---- updates

    @Test
    void theStreamPushesAnEventWhenAnAssetRowChanges() throws Exception {
        assertError(get("/api/stream"), 406, "Accept: text/event-stream");
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url("/api/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        BlockingQueue<String> events = new ArrayBlockingQueue<>(100);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String first = events.poll(5, TimeUnit.SECONDS);
            assertThat(first).as("the current marker on connect").isNotNull().contains("2026-11-20T11:59:30Z");
            assertThat(registry.scrape()).containsPattern("cryptopipe_dashboard_sse_clients(\\{[^}]*})? 1\\.0");
            long start = System.nanoTime();
            ServeTestDb.execute(pg.dataSource(), "UPDATE assets SET price_usd = 3500.5, observed_at = "
                    + "'2026-11-20 12:00:10+00' WHERE id = 'ethereum'");
            String next = events.poll(5, TimeUnit.SECONDS);
            assertThat(next).isNotNull().contains("2026-11-20T12:00:10Z");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            r.body().close();
            ServeTestDb.execute(pg.dataSource(), "UPDATE assets SET price_usd = 3456.78, observed_at = "
                    + "'2026-11-20 11:59:30+00' WHERE id = 'ethereum'");
        }
    }

    // ---- auth

    @Test
    void withAPasswordEveryRouteNeedsTheRightCredentials() throws Exception {
        PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Dashboard d = start(Optional.of(PASSWORD), pg.dataSource(), reg);
        extra.add(d);
        String right = basic(ServeSettings.USER, PASSWORD);
        List<String> bodies = new ArrayList<>();
        List<String> routes = new ArrayList<>(ROUTES);
        routes.addAll(List.of("/api/stream", "/nowhere"));
        for (String path : routes) {
            for (Optional<String> creds : List.of(Optional.<String>empty(), Optional.of(basic(ServeSettings.USER,
                    "wrong")), Optional.of(basic("admin", PASSWORD)), Optional.of("Bearer " + PASSWORD),
                    Optional.of("Basic !!!"))) {
                HttpRequest.Builder b = HttpRequest.newBuilder(d.url().resolve(path));
                creds.ifPresent(c -> b.header("Authorization", c));
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + " " + creds).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        w -> assertThat(w).startsWith("Basic realm="));
                assertThat(json.readTree(r.body()).get("error").asText()).contains("authentication required");
                bodies.add(r.headers().map() + r.body());
            }
            // a write without credentials is refused by auth first
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(d.url().resolve(path))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(401);
            if (path.equals("/api/stream")) {
                HttpResponse<InputStream> s = http.send(HttpRequest.newBuilder(d.url().resolve(path))
                        .header("Authorization", right).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(s.statusCode()).isEqualTo(200);
                s.body().close();
                continue;
            }
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(d.url().resolve(path))
                    .header("Authorization", right).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(path).isEqualTo(path.equals("/nowhere") ? 404 : 200);
            bodies.add(ok.headers().map() + ok.body());
        }
        bodies.add(reg.scrape());
        assertThat(bodies).allSatisfy(b -> assertThat(b).doesNotContain(PASSWORD));
    }

    @Test
    void aNonLoopbackBindWithoutAPasswordIsRefused() {
        for (String bind : List.of("0.0.0.0", "192.0.2.1", "::")) {
            assertThatThrownBy(() -> Dashboard.start(new ServeSettings(bind, 0, Optional.empty(), reports),
                    pg.dataSource(), status, registry, ServeTestDb.CLOCK))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--http-bind").hasMessageContaining("--dashboard-password-file")
                    .hasMessageContaining("CRYPTOPIPE_DASHBOARD_PASSWORD");
        }
        assertThatThrownBy(() -> Dashboard.start(new ServeSettings("0.0.0.0", 0, Optional.of(""), reports),
                pg.dataSource(), status, registry, ServeTestDb.CLOCK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNonLoopbackBindWithAPasswordStartsAndAsksForIt() throws Exception {
        Dashboard d = Dashboard.start(new ServeSettings("0.0.0.0", 0, Optional.of(PASSWORD), reports),
                pg.dataSource(), status, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ServeTestDb.CLOCK);
        extra.add(d);
        URI local = URI.create("http://127.0.0.1:" + d.url().getPort() + "/api/assets");
        assertThat(http.send(HttpRequest.newBuilder(local).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        d.close();
        d.close(); // idempotent
    }

    // ---- helpers

    static URI url(String path) {
        return dashboard.url().resolve(path);
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            assertNoInternals(r.body());
        }
        return r;
    }

    static JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        return json.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String contains) throws IOException {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json.readTree(r.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).contains(contains);
        assertNoInternals(r.body());
    }

    static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.")
                .doesNotContain("at java.").doesNotContain("org.postgresql").doesNotContain("SELECT ");
    }

    /** The status of a request sent byte for byte, so the client normalises nothing ({@code ..}, {@code %2e}). */
    static int rawStatus(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", dashboard.url().getPort())) {
            s.setSoTimeout(5000);
            PrintWriter out = new PrintWriter(s.getOutputStream(), false, StandardCharsets.US_ASCII);
            out.print("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            String body = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).doesNotContain("outside the reports directory");
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    static List<String> ids(JsonNode assets) {
        return StreamSupport.stream(assets.spliterator(), false).map(n -> n.get("id").asText()).toList();
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    static long count(String sql) throws SQLException {
        try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A data source whose every connection attempt fails with a message that must not reach a response. */
    static final class BrokenDataSource implements DataSource {
        static final String SECRET = "password authentication failed for user hunter2";

        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException(SECRET, "28P01");
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
