package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: exit codes, error messages that name the culprit, masking, precedence. */
class CliTest {
    static final String KEY = "ck_live_5f3b9a0e77";
    static final String PG_SECRET = "pg-s3cr3t-pass";

    @TempDir
    Path tmp;

    @Test
    void unknownFlagExitsWith2NamingTheFlag() {
        CliRun run = CliRun.run("config", "--no-such-flag");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-flag");
    }

    @Test
    void anUnknownEntityOrAStreamBoundOutOfRangeIsAUsageErrorNamingTheFlag() {
        CliRun run = CliRun.run("stream", "--entities", "assets,candles", "--stream-max-offsets", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--entities").contains("'candles' is not one of assets, rates, exchanges, "
                + "markets").contains("--stream-max-offsets").contains("100-10000000");
    }

    @Test
    void entitiesAreKeptInTheirCanonicalOrderWithoutDuplicates() {
        assertThat(io.cryptopipe.core.config.ResolvedConfig.resolve(java.util.Map.of("entities",
                "markets, assets,markets"), java.util.Map.of()).get(io.cryptopipe.core.config.ConfigKeys.ENTITIES))
                .containsExactly("assets", "markets");
    }

    @Test
    void missingCommandExitsWith2() {
        CliRun run = CliRun.run();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing command");
    }

    @Test
    void everyBadValueIsListedAtOnceWithTheExpectedFormAndNoStackTrace() {
        CliRun run = CliRun.run("config", "--http-port", "http", "--duration", "5x", "--kafka", "nohostport");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--http-port: 'http': not a whole number; expected a port 0-65535")
                .contains("--duration: '5x': not a duration; expected a duration such as 90s")
                .contains("--kafka: 'nohostport': not host:port")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        CliRun run = CliRun.run(Map.of("CRYPTOPIPE_HTTP_PORT", "99999"), "config");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("env CRYPTOPIPE_HTTP_PORT: '99999'");
    }

    @Test
    void badSimulatorFaultSpecExitsWith2NamingFaultsAndTheBadPart() {
        CliRun run = CliRun.run("simulate", "--port", "0", "--duration", "1s", "--faults", "429=0.1,5xx=2");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--faults: bad fault '5xx=2'").contains("not a probability")
                .contains("expected comma-separated name=value pairs").doesNotContain("Exception");
        CliRun fromEnv = CliRun.run(Map.of("CRYPTOPIPE_SIM_FAULTS", "nope=1"), "up", "--duration", "1s",
                "--data-dir", tmp.toString());
        assertThat(fromEnv.exitCode()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("env CRYPTOPIPE_SIM_FAULTS (--faults): bad fault 'nope=1'");
    }

    @Test
    void configMasksSecretsAndPasswordsInsideUrls() throws IOException {
        Path keyFile = Files.writeString(tmp.resolve("pg.pass"), PG_SECRET + "\n");
        CliRun run = CliRun.run(Map.of("COINCAP_API_KEY", KEY, "CRYPTOPIPE_PG_PASSWORD_FILE", keyFile.toString()),
                "config", "--pg-url", "jdbc:postgresql://db:5432/market?user=cp&password=" + PG_SECRET);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(KEY).doesNotContain(PG_SECRET);
        assertThat(run.configLine("coincap-api-key")).contains("****").contains("env COINCAP_API_KEY");
        assertThat(run.configLine("pg-password")).contains("****").contains("pg.pass");
        assertThat(run.configLine("pg-url")).contains("password=****");
        assertThat(run.out()).contains("source: https://rest.coincap.io/v3 (v3, key set)");
    }

    @Test
    void aRejectedUrlStillHasItsPasswordMaskedAndSoDoesTheSourceLine() {
        CliRun bad = CliRun.run("config", "--pg-url", "postgresql://cp:" + PG_SECRET + "@db/market");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--pg-url").contains("****").doesNotContain(PG_SECRET);
        CliRun ok = CliRun.run(Map.of("COINCAP_API_KEY", KEY), "config", "--coincap-url",
                "https://cp:" + PG_SECRET + "@rest.example/v3?apiKey=" + KEY);
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out() + ok.err()).doesNotContain(PG_SECRET).doesNotContain(KEY);
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("cp.yaml"), "data-dir: /from/file\nhttp-port: 7001\nsim-seed: 5\n");
        Map<String, String> env = Map.of("CRYPTOPIPE_DATA_DIR", "/from/env", "CRYPTOPIPE_HTTP_PORT", "7002",
                "CRYPTOPIPE_CONFIG", yaml.toString());
        CliRun run = CliRun.run(env, "config", "--data-dir", "/from/flag");
        assertThat(run.exitCode()).isZero();
        assertThat(run.configLine("data-dir")).contains("/from/flag").contains("--data-dir");
        assertThat(run.configLine("http-port")).contains("7002").contains("env CRYPTOPIPE_HTTP_PORT");
        assertThat(run.configLine("sim-seed")).contains("5").contains("cp.yaml: sim-seed");
        assertThat(run.configLine("http-bind")).contains("127.0.0.1").contains("default");
    }

    @Test
    void propertiesFilesWorkLikeYaml() throws IOException {
        Path props = Files.writeString(tmp.resolve("cp.properties"), "http-port=7003\n");
        CliRun run = CliRun.run("config", "--config", props.toString());
        assertThat(run.configLine("http-port")).contains("7003").contains("cp.properties: http-port");
    }

    @Test
    void configFileProblemsNameTheFileAndKey() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("bad.yaml"),
                "data-dir: ./d\nhttp-prot: 1\ncoincap-api-key: " + KEY + "\nhttp-port: [1, 2]\n");
        CliRun run = CliRun.run("config", "--config", yaml.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("bad.yaml: http-prot: unknown key")
                .contains("bad.yaml: coincap-api-key: secrets may not be written in a config file")
                .contains("bad.yaml: http-port: expected a single value")
                .doesNotContain(KEY);
        assertThat(CliRun.run("config", "--config", tmp.resolve("cp.txt").toString()).err())
                .contains("does not exist");
    }

    @Test
    void unknownConfigFileFormatIsNamed() throws IOException {
        Path toml = Files.writeString(tmp.resolve("cp.toml"), "x = 1\n");
        CliRun run = CliRun.run("config", "--config", toml.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("expected a .properties, .yaml or .yml file");
    }

    @Test
    void v3WithoutAKeyExitsWith2NamingTheKeyVariable() {
        CliRun run = CliRun.run("config", "--coincap-url", "https://rest.coincap.io/v3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("COINCAP_API_KEY");
    }

    @Test
    void aBaseWithoutVersionPathNeedsTheApiFlagAndConflictsAreReported() {
        assertThat(CliRun.run("config", "--coincap-url", "http://localhost:9000").err())
                .contains("cannot tell v2 from v3");
        CliRun v2 = CliRun.run("config", "--coincap-url", "http://localhost:9000", "--coincap-api", "v2");
        assertThat(v2.exitCode()).isZero();
        assertThat(v2.out()).contains("source: http://localhost:9000 (v2, key not set)");
        assertThat(CliRun.run("config", "--coincap-url", "http://h/v2", "--coincap-api", "v3").err())
                .contains("says v3 but http://h/v2 ends in /v2");
    }

    @Test
    void noKeyAndNoUrlMeansTheSimulator() {
        assertThat(CliRun.run("config").out()).contains("source: built-in CoinCap simulator");
    }

    @Test
    void everyCommandHasHelpAndTheRootHasAVersion() {
        for (List<String> args : List.of(List.of("--help"), List.of("up", "--help"), List.of("simulate", "--help"),
                List.of("config", "--help"), List.of("status", "--help"))) {
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", args).isZero();
            assertThat(run.out()).as("%s", args).contains("Usage:");
        }
        assertThat(CliRun.run("simulate", "--help").out()).contains("--assets").contains("CRYPTOPIPE_SIM_ASSETS");
        assertThat(CliRun.run("--version").out()).startsWith("cryptopipe ");
    }

    @Test
    void statusWithoutARunningUpSaysSo() {
        CliRun run = CliRun.run("status", "--data-dir", tmp.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("up: not running");
    }
}
