package io.cryptopipe.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.app.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench stream} end to end on real engines, at a size that runs in well under a minute. */
class BenchStreamIT {
    @TempDir
    Path tmp;

    @Test
    void measuresEveryFigureStoresEveryRowAndCleansUp() throws Exception {
        Path json = tmp.resolve("out").resolve("bench.json");
        Path data = tmp.resolve("data");
        Run run = run("bench", "stream", "--records", "5000", "--rate", "500", "--warmup-seconds", "1",
                "--freshness-seconds", "3", "--bursts", "1", "--json", json.toString(), "--data-dir", data.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("(a1) direct COPY: 5,000 rows").contains("(a2) COPY + merge: 5,000 rows")
                .contains("5,000 records stored").contains("row counts checked")
                .contains("e2e / direct COPY").contains("freshness p99").contains("peak RSS");
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (String key : List.of("e2e_records_per_s", "copy_rows_per_s", "copy_merge_rows_per_s",
                "e2e_to_copy_ratio", "freshness_p50_ms", "freshness_p90_ms", "freshness_p99_ms", "peak_rss_mb",
                "burst_freshness_p50_ms", "burst_freshness_p99_ms")) {
            assertThat(figures.get(key)).as(key).isNotNull();
            assertThat(figures.get(key).isNumber()).as(key + " = " + figures.get(key)).isTrue();
            assertThat(figures.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(figures.get("records").asLong()).isEqualTo(5000);
        assertThat(figures.get("partitions").asInt()).isEqualTo(3);
        assertThat(figures.get("batch_size").asInt()).isEqualTo(33_333);
        assertThat(figures.get("freshness_polls").asInt()).isBetween(20, 40);
        assertThat(figures.get("burst_polls").asInt()).isEqualTo(1);
        assertThat(figures.get("e2e_to_copy_ratio").asDouble()).isCloseTo(
                figures.get("e2e_records_per_s").asDouble() / figures.get("copy_rows_per_s").asDouble(),
                org.assertj.core.api.Assertions.within(0.002));
        try (Stream<Path> left = Files.list(data.resolve("bench"))) {
            assertThat(left).as("the bench directory is deleted").isEmpty();
        }
    }

    @Test
    void badSizesAndAMissingSubcommandAreUsageErrors() {
        Run zero = run("bench", "stream", "--records", "0", "--rate", "1");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--records must be 1 to 100000000").contains("--rate must be 10");
        assertThat(run("bench").code()).isEqualTo(2);
        Run help = run("bench", "stream", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--records").contains("--data-dir").contains("--stream-max-offsets");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = new Cli(Map.of(), Clock.systemUTC(), o, e).run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private record Run(int code, String out, String err) {
    }
}
