package io.cryptopipe.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the dashboard of a running {@code up} answered: the overview's assets once stored rows appear, two scrapes of
 * {@code /metrics} a few seconds apart (so counters can be seen to move), {@code /health}, and a refused write.
 */
record DashboardProbe(List<JsonNode> assets, String metricsFirst, String metricsLater, int healthStatus,
        String health, int writeStatus) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFRESHED = "cryptopipe_freshness_seconds{";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static DashboardProbe whileUpRuns(URI base) throws IOException, InterruptedException {
        List<JsonNode> assets = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (assets.isEmpty() && System.nanoTime() < deadline) {
            HttpResponse<String> page = get(base.resolve("/api/assets?limit=100"));
            if (page.statusCode() == 200) {
                List<JsonNode> listed = new ArrayList<>();
                JSON.readTree(page.body()).path("assets").forEach(listed::add);
                assets = listed;
            }
            if (assets.isEmpty()) {
                Thread.sleep(250);
            }
        }
        String first = get(base.resolve("/metrics")).body();
        Thread.sleep(5_000);
        // Values kept in PostgreSQL (freshness among them) are read every 15 s, the first time at start.
        String later = get(base.resolve("/metrics")).body();
        long refreshed = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!later.contains(REFRESHED) && System.nanoTime() < refreshed) {
            Thread.sleep(500);
            later = get(base.resolve("/metrics")).body();
        }
        HttpResponse<String> health = get(base.resolve("/health"));
        int write = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/assets"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        return new DashboardProbe(assets, first, later, health.statusCode(), health.body(), write);
    }

    /** The sum of every series of a metric in a Prometheus text scrape (0 when absent). */
    static double sum(String scrape, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
        }
        return total;
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
