package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar in its own JVM, the way users run it: plain {@code java -jar}, real exit codes, and Ctrl-C
 * (SIGINT) stopping {@code up} cleanly with 130.
 */
class JarLaunchIT {
    static final Path JAR = Path.of("target", "cryptopipe.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path data;

    @Test
    void ctrlCStopsUpCleanlyWithExitCode130AndStatusAndASecondUpSeeItWhileItRuns() throws Exception {
        Process up = start("up", "--data-dir", data.toString(), "--assets", "50", "--exchanges", "5",
                "--markets", "100", "--http-port", "0");
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(),
                StandardCharsets.UTF_8))) {
            readUntil(out, lines, "running; Ctrl-C stops");
            Process status = start("status", "--data-dir", data.toString());
            String statusOut = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(status.exitValue()).isZero();
            assertThat(statusOut).contains("up: running (pid " + up.pid());

            Process second = builder("up", "--data-dir", data.toString(), "--duration", "1s")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String secondErr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(secondErr).isEqualTo(1);
            assertThat(secondErr).contains("up already runs on").contains("pid " + up.pid());

            new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops after SIGINT").isTrue();
            out.lines().forEach(lines::add);
        } finally {
            up.destroyForcibly();
        }
        assertThat(up.exitValue()).isEqualTo(130);
        assertThat(lines).contains("stop requested; stopping", "stopped cleanly");
        assertThat(Files.exists(data.resolve("run/up.properties"))).isFalse();
    }

    @Test
    void badFlagExitsWith2FromARealJvm() throws Exception {
        Process p = builder("up", "--data-dir", data.toString(), "--not-a-flag")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("--not-a-flag");
    }

    @Test
    void manifestCarriesSparksAddOpensSoPlainJavaJarWorks() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String opens = jar.getManifest().getMainAttributes().getValue("Add-Opens");
            assertThat(opens).contains("java.base/sun.nio.ch").contains("java.base/java.lang.invoke");
        }
    }

    /** Starts the jar; stderr (logs) is discarded so an unread pipe can never block the process. */
    private static Process start(String... args) throws IOException {
        return builder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The child sees none of the machine's CoinCap or cryptopipe settings, so a real key is never used. */
    private static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("COINCAP_") || k.startsWith("CRYPTOPIPE_"));
        return builder;
    }

    private static void readUntil(BufferedReader out, List<String> lines, String marker) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.equals(marker)) {
                return;
            }
        }
        throw new AssertionError("process ended before printing '" + marker + "'; printed " + lines);
    }
}
