package io.cryptopipe.app.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.cryptopipe.app.Cli;
import picocli.CommandLine;

/** What the deployment tests share: the repository root, programs on the PATH, and the CLI's command tree. */
final class Repo {
    private Repo() {
    }

    /** The repository root: the nearest directory at or above the working directory that holds {@code mvnw}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new AssertionError("no directory with mvnw at or above " + Path.of("").toAbsolutePath());
    }

    /** A program on the PATH, or a failure that names the Debian package to install. */
    static String program(String name, String debianPackage) {
        return find(name).orElseGet(() -> {
            fail(name + " is not installed (not on the PATH); install the Debian package '" + debianPackage
                    + "' (apt-get install " + debianPackage + "; .ci/run does)");
            return null;
        });
    }

    static Optional<String> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** A finished program: exit code and its output (stdout and stderr kept apart). */
    record Run(int exit, String out, String err) {
        String shown() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    static Run run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("deploy-test", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(err.toFile()).start();
            process.getOutputStream().close();
            String out;
            try (var in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s:\n" + out);
            }
            return new Run(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static Run run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, new ArrayList<>(List.of(command)));
    }

    /** The CLI's command tree, as {@code cryptopipe} parses it (Cli.build() is package-private: reflection). */
    static CommandLine cli() {
        try {
            Method build = Cli.class.getDeclaredMethod("build");
            build.setAccessible(true);
            return (CommandLine) build.invoke(new Cli(Map.of(), Clock.systemUTC(), System.out, System.err));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build the CLI's command tree: " + e, e);
        }
    }
}
