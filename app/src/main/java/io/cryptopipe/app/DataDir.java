package io.cryptopipe.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The product's data directory and its fixed layout. */
record DataDir(Path root) {
    /** Subdirectories, one per kind of data the product keeps. */
    static final List<String> LAYOUT = List.of("pg", "kafka", "checkpoints", "raw", "lake", "warehouse", "reports", "run");

    /** Creates the layout if needed; fails with the path that could not be made. */
    static DataDir prepare(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        for (String sub : LAYOUT) {
            Path dir = absolute.resolve(sub);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create data directory " + dir + ": " + e, e);
            }
        }
        return new DataDir(absolute);
    }

    /** Roles that record themselves in {@code run/}: each may run once per data directory. */
    static final List<String> ROLES = List.of("up", "ingest", "stream");

    /** Where {@code up} records that it runs, for {@code status}. */
    Path runFile() {
        return runFile("up");
    }

    /** Where a role ({@code up}, {@code ingest}, {@code stream}) records that it runs. */
    Path runFile(String role) {
        return root.resolve("run").resolve(role + ".properties");
    }

    /** The live processes recorded in {@code run/}, stale files skipped. */
    List<RunFile> running() throws IOException {
        List<RunFile> live = new java.util.ArrayList<>();
        for (String role : ROLES) {
            RunFile.read(runFile(role)).filter(RunFile::alive).ifPresent(live::add);
        }
        return live;
    }

    /** The embedded PostgreSQL a running {@code up}, {@code ingest} or {@code stream} of this directory serves. */
    Optional<String> runningEmbeddedPg() throws IOException {
        return running().stream().flatMap(r -> r.embeddedPg().stream()).findFirst();
    }

    /** The embedded Kafka broker a running {@code up}, {@code ingest} or {@code stream} of this directory serves. */
    Optional<String> runningEmbeddedKafka() throws IOException {
        return running().stream().flatMap(r -> r.embeddedKafka().stream()).findFirst();
    }
}
