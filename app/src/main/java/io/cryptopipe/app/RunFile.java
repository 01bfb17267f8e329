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
 * What a running {@code up} publishes about itself in {@code <data>/run/up.properties}, so {@code status} (another
 * process) can report it. Written atomically; removed on a clean stop.
 *
 * @param pid     the process id
 * @param started when it started
 * @param source  the market-data source, e.g. the simulator's URL
 */
record RunFile(long pid, Instant started, String source) {

    void write(Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("pid", Long.toString(pid));
        props.setProperty("started", started.toString());
        props.setProperty("source", source);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "written by cryptopipe up; removed when it stops");
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
            return Optional.of(new RunFile(Long.parseLong(props.getProperty("pid", "")),
                    Instant.parse(props.getProperty("started", "")), props.getProperty("source", "?")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable run file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the recorded process still runs. */
    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
