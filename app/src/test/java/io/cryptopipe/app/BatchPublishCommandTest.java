package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch publish} through the CLI, where it needs no peer: the skip without credentials and the usage errors.
 * The loads themselves are proven in the publish module (BigQueryPublisherIT, against a local HTTP peer).
 */
class BatchPublishCommandTest {
    @TempDir
    Path data;

    @Test
    void withoutCredentialsThePublishIsSkippedAndExitsZero() {
        CliRun run = CliRun.run(Map.of("CRYPTOPIPE_DATA_DIR", data.toString()),
                "batch", "publish", "--date", "2026-11-02", "--bq-project", "my-project");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("batch publish 2026-11-02: skipped: GOOGLE_APPLICATION_CREDENTIALS is not set");
        assertThat(run.err()).isEmpty();
        assertThat(data).as("nothing written to the data directory").isEmptyDirectory();
    }

    @Test
    void withAKeyFileWithoutProjectItIsSkippedNamingTheFlag() throws Exception {
        Path key = Files.writeString(data.resolve("adc.json"), "{\"type\": \"authorized_user\", \"client_id\": \"c\", "
                + "\"client_secret\": \"s3cret\", \"refresh_token\": \"r3fresh\"}");
        CliRun run = CliRun.run(Map.of("CRYPTOPIPE_DATA_DIR", data.toString(), "GOOGLE_APPLICATION_CREDENTIALS",
                key.toString()), "batch", "publish", "--date", "2026-11-02");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("skipped: no BigQuery project: set --bq-project").doesNotContain("s3cret");
    }

    @Test
    void aBadDateOrKeyIsAUsageError() {
        CliRun badDate = CliRun.run(Map.of("CRYPTOPIPE_DATA_DIR", data.toString()), "batch", "publish", "--date",
                "2026-13-01");
        assertThat(badDate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDate.err()).contains("--date").contains("2026-13-01");

        CliRun badBucket = CliRun.run(Map.of("CRYPTOPIPE_DATA_DIR", data.toString()), "batch", "publish", "--date",
                "2026-11-02", "--gcs-bucket", "gs://lake");
        assertThat(badBucket.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBucket.err()).contains("--gcs-bucket").contains("without gs://");

        assertThat(CliRun.run("batch", "publish").exitCode()).as("--date is required").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theBigQueryKeysAreOfferedOnPublishOnly() {
        CliRun help = CliRun.run("batch", "publish", "--help");
        assertThat(help.out()).contains("--bq-project", "--bq-dataset", "--bq-location", "--gcs-bucket", "--bq-endpoint",
                "--date");
        assertThat(CliRun.run("batch", "run", "--help").out()).doesNotContain("--bq-project");
    }
}
