package io.cryptopipe.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.batch.RunWindow;
import io.cryptopipe.batch.gate.GateResult;
import io.cryptopipe.batch.report.ReportWriter;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.store.PgServer;
import io.cryptopipe.warehouse.GoldenFixture;
import io.cryptopipe.warehouse.ModelRunner;
import io.cryptopipe.warehouse.Project;
import io.cryptopipe.warehouse.RunContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real batch report (golden fixture lake -> warehouse marts -> the batch's ReportWriter) opened in chromium with
 * the network blocked, straight from its file and through the dashboard's /reports.
 */
class ReportBrowserIT {
    static final List<LocalDate> DAYS = GoldenFixture.DAYS;

    @TempDir
    static Path dir;
    static PgServer pg;
    static Dashboard dashboard;
    static Browser browser;
    static Path reports;
    static Path latest;

    @BeforeAll
    static void build() throws Exception {
        pg = ServeTestDb.start(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        reports = dir.resolve("reports");
        Project project = Project.fromClasspath("warehouse");
        Clock clock = Clock.fixed(DAYS.get(DAYS.size() - 1).plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
        ReportWriter writer = new ReportWriter(reports, clock);
        List<GateResult> gates = List.of(
                new GateResult("price_vs_vwap", "sanity", GateResult.Severity.ERROR, 0, List.of(), "prices near vwap"),
                new GateResult("freshness", "freshness", GateResult.Severity.WARN, 1, List.of("<script>x</script>"),
                        "late data"));
        Path staged = Files.createDirectories(dir.resolve("staged"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"));
             Connection postgres = pg.dataSource().getConnection()) {
            GoldenFixture.writeLake(duckdb, staged);
            // The lake grows a day at a time, as the daily extract writes it, and each day's models run after it.
            for (LocalDate day : DAYS) {
                for (String table : GoldenFixture.tables()) {
                    Path partition = Path.of("lake", table, "date=" + day);
                    Files.createDirectories(data.resolve(partition).getParent());
                    Files.move(staged.resolve(partition), data.resolve(partition));
                }
                Partition partition = new Partition(day);
                new ModelRunner(project, duckdb, data).run(RunContext.of(partition, false), line -> { });
                latest = writer.write(new RunWindow(partition, partition.start(), partition.end(), false), postgres,
                        duckdb, gates);
            }
        }
        dashboard = Dashboard.start(new ServeSettings("127.0.0.1", 0, Optional.empty(), reports), pg.dataSource(),
                new FixedStatus(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ServeTestDb.CLOCK);
        browser = new Browser(dir.resolve("chrome-profile"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theReportFileDrawsEveryChartOfflineWithoutAnyRequestBeyondItself() throws Exception {
        assertThat(latest.getFileName().toString()).isEqualTo("2026-11-03.html");
        browser.cdp("Network.enable", Map.of());
        browser.cdp("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            browser.requests();
            String url = latest.toUri().toString();
            browser.driver.get(url);
            List<WebElement> charts = allChartsDrawn();
            assertThat(charts).extracting(c -> c.getAttribute("id"))
                    .containsExactly("dominance", "exchanges", "ohlc-0", "ohlc-1", "ohlc-2");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText())
                    .isEqualTo("cryptopipe daily report: 2026-11-03");
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("<script>x</script>");
            assertThat(browser.requests()).as("requests made by the page").containsOnly(url);
            browser.screenshot("report-file");
        } finally {
            browser.cdp("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
        }
    }

    @Test
    void theDashboardListsTheReportsNewestFirstAndServesThemWithTheirChartsDrawn() throws Exception {
        browser.requests();
        browser.driver.get(dashboard.url().resolve("/reports").toString());
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElements(By.cssSelector("#reports a")).size() == 3);
        List<WebElement> links = browser.driver.findElements(By.cssSelector("#reports a"));
        assertThat(links).extracting(WebElement::getText).containsExactly("2026-11-03", "2026-11-02", "2026-11-01");
        browser.screenshot("reports");
        links.get(0).click();
        waitFor(Duration.ofSeconds(10), () -> browser.driver.getCurrentUrl().endsWith("/reports/2026-11-03.html"));
        // Drawn under the report's own policy: only its inline scripts (by hash) run, in a sandbox.
        assertThat(allChartsDrawn()).hasSize(5);
        assertThat(browser.requests()).allSatisfy(u -> assertThat(u).startsWith(dashboard.url().toString()));
        assertThat(browser.console()).noneSatisfy(m -> assertThat(m).contains("Refused"));
        browser.screenshot("report-dashboard");
    }

    static List<WebElement> allChartsDrawn() {
        waitFor(Duration.ofSeconds(20), () -> {
            List<WebElement> charts = browser.driver.findElements(By.cssSelector("div.chart"));
            return !charts.isEmpty() && charts.stream().allMatch(c -> "true".equals(c.getAttribute("data-drawn")));
        });
        return browser.driver.findElements(By.cssSelector("div.chart"));
    }

    static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver, timeout, Duration.ofMillis(50)).until(d -> condition.getAsBoolean());
    }
}
