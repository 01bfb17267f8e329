package io.cryptopipe.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the CLI in-process with an injected environment and captures what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        return start(env, args).await(Duration.ofDays(1));
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    /** Starts the CLI on its own thread, so a test can look at a long-running command (up) while it runs. */
    static Running start(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return new Cli(env, Clock.systemUTC(), o, e).run(args);
            }
        }, r -> {
            Thread thread = new Thread(r, "cli-" + String.join("-", args).replaceAll("[^a-z-]", ""));
            thread.start();
        });
        return new Running(code, out, err);
    }

    /** The value column of one key in {@code config} output. */
    String configLine(String key) {
        return out.lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + key + " in:\n" + out));
    }

    /** A command still running; its output so far can be read at any time. */
    record Running(CompletableFuture<Integer> code, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String outSoFar() {
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Waits until the output matches, returning the first group; fails with the output so far. */
        String awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(outSoFar());
                if (matcher.find()) {
                    return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                }
                if (code.isDone()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no " + pattern + " in the output within " + timeout + ":\n" + outSoFar()
                    + "\n" + err.toString(StandardCharsets.UTF_8));
        }

        CliRun await(Duration timeout) {
            try {
                int exit = code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new CliRun(exit, outSoFar(), err.toString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (Exception e) {
                throw new IllegalStateException("the command did not finish: " + e + "\n" + outSoFar(), e);
            }
        }
    }
}
