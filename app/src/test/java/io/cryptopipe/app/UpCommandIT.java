package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up}'s refusals and {@code simulate} in-process; {@code up} end to end is {@link PipelineIT}. */
class UpCommandIT {
    @TempDir
    Path data;

    @Test
    void upWithImpossibleSimulatorSizesExitsWith2() {
        CliRun run = CliRun.run("up", "--duration", "1s", "--data-dir", data.toString(),
                "--assets", "3", "--exchanges", "1", "--markets", "500");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--markets").contains("exceeds");
    }

    @Test
    void simulateWithFaultsAndAServedLogPrintsThePlanAndTheSocket() {
        Path log = data.resolve("served.jsonl");
        CliRun run = CliRun.run("simulate", "--port", "0", "--duration", "1s", "--assets", "30", "--markets", "50",
                "--faults", "429=0.1,ws-drop=30s", "--served-log", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("faults 429=0.1,ws-drop=30000ms").contains("prices socket ws://127.0.0.1:");
        assertThat(log).exists();
    }

    @Test
    void simulateServesUntilDuration() {
        CliRun run = CliRun.run("simulate", "--port", "0", "--duration", "1s", "--assets", "30", "--markets", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("serving http://127.0.0.1:").contains("/v3");
    }
}
