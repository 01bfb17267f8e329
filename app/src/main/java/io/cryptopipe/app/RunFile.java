package io.cryptopipe.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code up}, {@code ingest} or {@code stream} publishes about itself in
 * {@code <data>/run/<role>.properties}, so {@code status} can report it and another command of the same data
 * directory can use the embedded servers it started instead of starting a second one on the same files. Written
 * atomically; removed on a clean stop. Holds no secret: URLs are masked, and only embedded servers (which need no
 * password) are offered for attaching.
 *
 * @param role           {@code up}, {@code ingest} or {@code stream}
 * @param pid            the process id
 * @param started        when it started
 * @param source         the market-data source, e.g. the simulator's URL (masked)
 * @param embeddedKafka  bootstrap of the embedded broker this process runs, if it runs one
 * @param embeddedPg     JDBC URL of the embedded PostgreSQL this process runs, if it runs one
 * @param kafka          the Kafka bootstrap in use, for display
 * @param pg             the JDBC URL in use, masked, for display
 */
record RunFile(String role, long pid, Instant started, String source, Optional<String> embeddedKafka,
        Optional<String> embeddedPg, String kafka, String pg) {

    void write(Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("role", role);
        props.setProperty("pid", Long.toString(pid));
        props.setProperty("started", started.toString());
        props.setProperty("source", source);
        embeddedKafka.ifPresent(k -> props.setProperty("embedded.kafka", k));
        embeddedPg.ifPresent(p -> props.setProperty("embedded.pg", p));
        props.setProperty("kafka", kafka);
        props.setProperty("pg", pg);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "written by cryptopipe " + role + "; removed when it stops");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<RunFile> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        try {
            return Optional.of(new RunFile(props.getProperty("role", "up"), Long.parseLong(props.getProperty("pid", "")),
                    Instant.parse(props.getProperty("started", "")), props.getProperty("source", "?"),
                    Optional.ofNullable(props.getProperty("embedded.kafka")),
                    Optional.ofNullable(props.getProperty("embedded.pg")), props.getProperty("kafka", "?"),
                    props.getProperty("pg", "?")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable run file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the recorded process still runs. */
    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes the file only if it is this process's, so a second command cannot erase the first one's. */
    static void removeOwn(Path file) throws IOException {
        Optional<RunFile> run = read(file);
        if (run.isPresent() && run.get().pid() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(file);
        }
    }
}
