package io.cryptopipe.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.store.PgServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's pages in a real browser (headless chromium) over the fixture database: one PostgreSQL, one
 * dashboard and one browser for the class. Screenshots go to target/screenshots/.
 */
class DashboardBrowserIT {
    @TempDir
    static Path dir;
    static PgServer pg;
    static Dashboard dashboard;
    static Browser browser;
    String test;

    @BeforeAll
    static void start() throws Exception {
        pg = ServeTestDb.start(dir);
        ServeTestDb.loadFixture(pg.dataSource());
        dashboard = Dashboard.start(new ServeSettings("127.0.0.1", 0, Optional.empty(), dir.resolve("reports")),
                pg.dataSource(), new FixedStatus(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ServeTestDb.CLOCK);
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

    @BeforeEach
    void name(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void theOverviewShowsAssetNamesAndPricesFromTheDatabase() throws Exception {
        open("/");
        waitFor(Duration.ofSeconds(10), () -> rows().size() == 7);
        WebElement btc = row("bitcoin");
        assertThat(btc.findElement(By.cssSelector("a")).getText()).isEqualTo("Bitcoin");
        assertThat(btc.findElement(By.cssSelector("a")).getAttribute("href")).endsWith("/asset/bitcoin");
        assertThat(btc.findElement(By.cssSelector("td.symbol")).getText()).isEqualTo("BTC");
        assertThat(price(btc).getText()).isEqualTo("$67,890.12");
        assertThat(price(btc).getAttribute("title")).as("exact value kept").isEqualTo("67890.12345678901234567890");
        assertThat(btc.getText()).contains("2.50%").contains("$1.35T");
        assertThat(btc.findElement(By.cssSelector("svg.spark")).getAttribute("data-points")).isEqualTo("48");
        assertThat(price(row("ethereum")).getText()).isEqualTo("$3,456.78");
        assertThat(price(row("drop")).getText()).isEqualTo("$0.00001234");
        assertThat(rows().stream().map(r -> r.getAttribute("data-id")).toList()).containsExactly("bitcoin",
                "ethereum", "evil", "drop", "percent", "under-score", "plain");
        assertThat(browser.requests()).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(dashboard.url()
                .toString()));
        assertNoConsoleErrors();
        browser.screenshot(test);
    }

    @Test
    void aNewPriceInTheDatabaseAppearsWithinTwoSecondsWithoutReload() throws Exception {
        open("/");
        waitFor(Duration.ofSeconds(10), () -> rows().size() == 7 && live().startsWith("live"));
        browser.driver.executeScript("window.__sameDocument = true;");
        try {
            long start = System.nanoTime();
            ServeTestDb.execute(pg.dataSource(), "UPDATE assets SET price_usd = 3999.99, observed_at = "
                    + "'2026-11-20 12:00:30+00' WHERE id = 'ethereum'");
            waitFor(Duration.ofSeconds(5), () -> price(row("ethereum")).getText().equals("$3,999.99"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(browser.driver.executeScript("return window.__sameDocument === true;")).as("no reload")
                    .isEqualTo(true);
            browser.screenshot(test);
        } finally {
            ServeTestDb.execute(pg.dataSource(), "UPDATE assets SET price_usd = 3456.78, observed_at = "
                    + "'2026-11-20 11:59:30+00' WHERE id = 'ethereum'");
        }
    }

    @Test
    void searchFiltersTheTable() throws Exception {
        open("/");
        waitFor(Duration.ofSeconds(10), () -> rows().size() == 7);
        WebElement search = browser.driver.findElement(By.id("search"));
        search.sendKeys("eth");
        waitFor(Duration.ofSeconds(5), () -> ids().equals(List.of("ethereum")));
        browser.screenshot(test);
        search.clear();
        search.sendKeys("%");
        waitFor(Duration.ofSeconds(5), () -> ids().equals(List.of("percent")));
        search.clear();
        search.sendKeys("no such coin");
        waitFor(Duration.ofSeconds(5), () -> ids().isEmpty());
        assertThat(browser.driver.findElement(By.id("empty")).getText()).isEqualTo("No asset matches \"no such coin\".");
    }

    @Test
    void anAssetPageDrawsItsCandleChartAndListsItsMarkets() throws Exception {
        open("/asset/bitcoin");
        WebElement chart = browser.driver.findElement(By.id("chart"));
        waitFor(Duration.ofSeconds(15), () -> "true".equals(chart.getAttribute("data-drawn")));
        assertThat(browser.driver.findElement(By.id("title")).getText()).isEqualTo("Bitcoin (BTC)");
        assertThat(browser.driver.findElement(By.id("price")).getText()).isEqualTo("$67,890.12");
        assertThat(browser.driver.findElement(By.id("bucket")).getText()).isEqualTo("288 candles of 5 min");
        assertThat(paintedPixels()).as("pixels drawn on the chart's canvas").isGreaterThan(1000);
        List<WebElement> markets = browser.driver.findElements(By.cssSelector("#markets tbody tr"));
        assertThat(markets).extracting(WebElement::getText).satisfiesExactly(
                m -> assertThat(m).startsWith("binance BTC/USDT"), m -> assertThat(m).startsWith("coinbase BTC/USD"),
                m -> assertThat(m).startsWith("kraken BTC/USD"));
        browser.screenshot(test);

        browser.driver.findElement(By.cssSelector("button[data-range='1h']")).click();
        waitFor(Duration.ofSeconds(10), () -> "true".equals(chart.getAttribute("data-drawn"))
                && browser.driver.findElement(By.id("bucket")).getText().equals("60 candles of 1 min"));
        assertThat(paintedPixels()).isGreaterThan(1000);
        assertThat(browser.requests()).allSatisfy(u -> assertThat(u).startsWith(dashboard.url().toString()));
        assertNoConsoleErrors();
        browser.screenshot(test + "-1h");
    }

    @Test
    void anAssetWithoutCandlesSaysWhatItWaitsFor() {
        open("/asset/percent");
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElement(By.id("chart-empty")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("chart-empty")).getText())
                .startsWith("No candles in the last 24h: waiting for price ticks");
        assertThat(browser.driver.findElement(By.id("chart")).getAttribute("data-drawn")).isEqualTo("false");
    }

    @Test
    void aScriptInAnAssetNameShowsAsText() throws Exception {
        String name = "<script>window.__xss=1</script><img src=x id=injected>";
        open("/");
        waitFor(Duration.ofSeconds(10), () -> rows().size() == 7);
        assertThat(cellText("evil", "a")).isEqualTo(name);
        assertThat(cellText("evil", "td.symbol")).isEqualTo("<b>EVL</b>");
        assertThat(cellText("drop", "a")).isEqualTo("'; DROP TABLE assets; --");
        assertNotInjected();
        browser.screenshot(test);

        open("/asset/evil");
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElement(By.id("title")).getText().startsWith("<script>"));
        assertThat(browser.driver.findElement(By.id("title")).getText()).isEqualTo(name + " (<b>EVL</b>)");
        assertNotInjected();
        browser.screenshot(test + "-asset");
    }

    @Test
    void theOtherPagesRenderTheirData() throws Exception {
        open("/exchanges");
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElements(By.cssSelector("#exchanges tbody tr")).size() == 3);
        List<WebElement> links = browser.driver.findElements(By.cssSelector("#exchanges a"));
        assertThat(links).extracting(WebElement::getText).as("javascript: URL not linked")
                .containsExactly("Binance", "Kraken");
        browser.screenshot("exchanges");
        open("/rates");
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElements(By.cssSelector("#fiat tbody tr")).size() == 2);
        assertThat(browser.driver.findElement(By.cssSelector("#crypto tbody")).getText()).contains("BTC");
        browser.screenshot("rates");
        open("/pipeline");
        waitFor(Duration.ofSeconds(10), () -> !browser.driver.findElement(By.id("batch_runs")).getText().isEmpty());
        assertThat(browser.driver.findElement(By.id("lag")).getText()).contains("coincap.assets").contains("12");
        assertThat(browser.driver.findElement(By.id("gaps_24h")).getText()).contains("refused by budget");
        assertThat(browser.driver.findElement(By.id("credits")).getText()).isEqualTo("1,234 used today (UTC) of 2,500 per day");
        browser.screenshot("pipeline");
        open("/reports");
        waitFor(Duration.ofSeconds(10), () -> browser.driver.findElement(By.id("empty")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("empty")).getText())
                .isEqualTo("No reports yet: waiting for the first batch run to write one.");
        assertNoConsoleErrors();
    }

    // ---- helpers

    /** Opens a page of the dashboard, first draining the request log so it holds only this page's requests. */
    void open(String path) {
        browser.requests();
        browser.driver.get(dashboard.url().resolve(path).toString());
    }

    List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#assets tbody tr"));
    }

    List<String> ids() {
        return rows().stream().map(r -> r.getAttribute("data-id")).toList();
    }

    WebElement row(String id) {
        return browser.driver.findElement(By.cssSelector("#assets tbody tr[data-id='" + id + "']"));
    }

    /**
     * A cell's text, read again when the table was re-rendered under the reader (the page renders on load and again
     * when the update stream connects).
     */
    String cellText(String id, String css) {
        String[] text = new String[1];
        waitFor(Duration.ofSeconds(5), () -> {
            text[0] = row(id).findElement(By.cssSelector(css)).getText();
            return true;
        });
        return text[0];
    }

    static WebElement price(WebElement row) {
        return row.findElement(By.cssSelector("td.price"));
    }

    String live() {
        return browser.driver.findElement(By.id("live")).getText();
    }

    long paintedPixels() {
        return ((Number) browser.driver.executeScript("var c = document.querySelector('#chart canvas');"
                + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var n = 0;"
                + "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } return n;")).longValue();
    }

    void assertNotInjected() {
        assertThat(browser.driver.findElements(By.id("injected"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("main b"))).isEmpty();
        assertThat(browser.driver.executeScript("return typeof window.__xss;")).isEqualTo("undefined");
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    void assertNoConsoleErrors() {
        assertThat(browser.console()).as("console (CSP violations, script errors)")
                .noneSatisfy(m -> assertThat(m).containsAnyOf("Refused", "Uncaught", "SEVERE"));
    }

    static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser.driver, timeout, Duration.ofMillis(50)).ignoring(
                org.openqa.selenium.NoSuchElementException.class).ignoring(
                org.openqa.selenium.StaleElementReferenceException.class).until(d -> condition.getAsBoolean());
    }
}
