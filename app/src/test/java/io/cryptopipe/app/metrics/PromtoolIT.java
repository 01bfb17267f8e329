package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/prometheus} is valid for Prometheus ({@code promtool check config}, {@code check rules}), its alerts
 * behave as {@code alerts.test.yml} says ({@code promtool test rules}), and every metric an alert names is exported
 * by {@link PipelineMetrics} over the real parts, so no alert waits on a series that never comes.
 */
class PromtoolIT {
    /** The module runs from {@code app/}; the deploy files are at the repository root. */
    static final Path DEPLOY = Path.of("..", "deploy", "prometheus");
    /** Series Prometheus makes itself, not the application. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");
    /** An identifier that is not a function call. */
    private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");

    @Test
    void theConfigurationIsValid() throws Exception {
        promtool("check", "config", DEPLOY.resolve("prometheus.yml").toString());
    }

    @Test
    void theRulesAreValid() throws Exception {
        promtool("check", "rules", DEPLOY.resolve("alerts.yml").toString());
    }

    @Test
    void theAlertsFireAndStayQuietAsTested() throws Exception {
        promtool("test", "rules", DEPLOY.resolve("alerts.test.yml").toString());
    }

    @Test
    void everyMetricAnAlertNamesIsExported() throws Exception {
        Set<String> named = alertMetrics();
        assertThat(named).as("metrics the alerts name").contains("cryptopipe_freshness_seconds",
                "cryptopipe_ingest_poll_interval_seconds", "cryptopipe_rejects", "cryptopipe_batch_step_last_success",
                "cryptopipe_source_credits_used_today", "cryptopipe_source_credits_budget_per_day",
                "cryptopipe_stream_lag_records", "cryptopipe_stream_last_batch_age_seconds");

        RealParts parts = RealParts.get();
        // what makes the database-derived series exist: an ok poll stored, a reject, a finished batch step
        RealParts.await("an ok poll of every entity", () -> parts.ingestor.stats().entities().values().stream()
                .allMatch(e -> e.ok() > 0));
        parts.reject("market.priceUsd NEGATIVE: negative: -1");
        parts.batchRun("models", true, Duration.ofSeconds(2));
        RealParts.await("the ledger stored", () -> {
            parts.metrics.refresh();
            return parts.scrape().has("cryptopipe_freshness_seconds", "entity", "assets");
        });
        Scrape scrape = parts.scrape();
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(scrape.sampleNames());
        missing.removeAll(PROMETHEUS_OWN);
        assertThat(missing).as("alert metrics missing from the scrape:\n%s", scrape.text()).isEmpty();
    }

    /** The metric names in the alert expressions of {@code alerts.yml}, functions and keywords left out. */
    static Set<String> alertMetrics() throws IOException {
        Set<String> words = Set.of("sum", "by", "on", "and", "or", "unless", "delta", "rate", "increase", "deriv",
                "max", "min", "avg", "count", "ignoring", "group_left", "group_right", "without", "time", "absent",
                "bool", "offset");
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("alerts.yml"), StandardCharsets.UTF_8)) {
            String stripped = line.strip();
            if (!stripped.startsWith("expr:")) {
                continue;
            }
            String expr = stripped.substring("expr:".length())
                    .replaceAll("\\{[^}]*}", "") // label matchers
                    .replaceAll("\\b(by|on|without|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                    .replaceAll("\\[[^]]*]", ""); // ranges
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                String word = m.group(1);
                if (!words.contains(word) && !word.matches("\\d.*")) {
                    names.add(word);
                }
            }
        }
        return names;
    }

    /** Runs promtool; fails with its output when it says no, or names the Debian package when it is missing. */
    static void promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(promtoolPath());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within 60 s:\n" + output);
        }
        if (process.exitValue() != 0) {
            fail("promtool " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
        }
    }

    private static String promtoolPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        fail("promtool is not installed (it is not on the PATH); install the Debian package 'prometheus' "
                + "(apt-get install prometheus), which brings /usr/bin/promtool");
        return null;
    }
}
