package io.cryptopipe.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.app.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two commands the Compose stack adds, run for real on the embedded defaults: {@code serve} answers /health and
 * /metrics and stops cleanly after --duration; {@code batch-scheduler} starts its scheduler and stops cleanly, and
 * refuses --batch-every off with exit 2.
 */
class ServeAndSchedulerIT {
    static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://\\S+/)");

    record Started(CompletableFuture<Integer> code, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String outSoFar() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String shown() {
            return "--- stdout\n" + outSoFar() + "\n--- stderr\n" + err.toString(StandardCharsets.UTF_8);
        }
    }

    static Started start(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return new Cli(Map.of(), Clock.systemUTC(), o, e).run(args);
            }
        }, r -> new Thread(r, "cli-" + args[0]).start());
        return new Started(code, out, err);
    }

    @Test
    void serveAnswersHealthAndMetricsThenStopsCleanly(@TempDir Path data) throws Exception {
        Started serve = start("serve", "--data-dir", data.toString(), "--http-port", "0", "--duration", "20s");
        String url = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (url == null && System.nanoTime() < deadline && !serve.code().isDone()) {
            Matcher m = DASHBOARD.matcher(serve.outSoFar());
            if (m.find()) {
                url = m.group(1);
            } else {
                Thread.sleep(200);
            }
        }
        assertThat(url).as("the dashboard URL in the output:\n%s", serve.shown()).isNotNull();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("/health: %s", health.body()).isIn(200, 503);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("cryptopipe_");
        int code = serve.code().get(120, TimeUnit.SECONDS);
        assertThat(code).as(serve.shown()).isZero();
        assertThat(serve.outSoFar()).contains("cryptopipe serve: postgresql").contains("no --kafka: lag not shown")
                .contains("stopped cleanly");
    }

    @Test
    void batchSchedulerRunsItsSchedulerThenStopsCleanly(@TempDir Path data) throws Exception {
        Started scheduler = start("batch-scheduler", "--data-dir", data.toString(), "--batch-every", "1m",
                "--duration", "5s");
        int code = scheduler.code().get(240, TimeUnit.SECONDS);
        assertThat(code).as(scheduler.shown()).isZero();
        assertThat(scheduler.outSoFar()).contains("cryptopipe batch-scheduler: postgresql")
                .contains("batch: scheduler every").contains("stopped cleanly");
    }

    @Test
    void batchSchedulerWithTheBatchOffIsAUsageError(@TempDir Path data) throws Exception {
        Started off = start("batch-scheduler", "--data-dir", data.toString(), "--batch-every", "off");
        assertThat(off.code().get(60, TimeUnit.SECONDS)).as(off.shown()).isEqualTo(2);
        assertThat(off.err.toString(StandardCharsets.UTF_8)).contains("--batch-every off");
    }
}
