package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch run|backfill|status} through the CLI on a data directory of their own: the command starts the embedded
 * PostgreSQL itself, and Spark only for the extract.
 */
class BatchCommandIT {
    @TempDir
    Path data;

    @Test
    void badDatesAndStepsAreUsageErrorsNamingEachFlagBeforeAnythingStarts() {
        CliRun run = CliRun.run("batch", "run", "--date", "2026-13-01", "--step", "load", "--data-dir",
                data.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--date", "YYYY-MM-DD", "--step", "extract, models, gates, report");
        assertThat(data.resolve("pg")).doesNotExist();

        CliRun backwards = CliRun.run("batch", "backfill", "--from", "2026-11-03", "--to", "2026-11-01",
                "--data-dir", data.toString());
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--to 2026-11-01 is before --from 2026-11-03");
    }

    @Test
    void aDayRunAloneStartsItsOwnDatabaseWritesTheReportAndShowsInStatus() throws Exception {
        CliRun run = CliRun.run("batch", "run", "--date", "2026-11-01", "--data-dir", data.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("batch 2026-11-01: extract done", "batch 2026-11-01: models done",
                "batch 2026-11-01: gates done", "batch 2026-11-01: ok");
        Path report = data.resolve("reports/2026-11-01.html");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("cryptopipe daily report: 2026-11-01", "echarts");

        CliRun status = CliRun.run("batch", "status", "--data-dir", data.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("2026-11-01  succeeded").contains("extract", "models", "gates", "report");
    }
}
