package io.cryptopipe.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server: a real PostgreSQL 17 from Maven Central (zonky), data under {@code <data>/pg} kept
 * across restarts, bound to 127.0.0.1, and <b>durable</b>: the library turns {@code fsync} off for speed, which
 * loses committed data on a crash, so it is turned back on here with {@code synchronous_commit}. As root the library
 * runs PostgreSQL in a user namespace; where that is forbidden, {@link #start} says so and points to
 * {@code --pg-url}.
 */
public final class PgServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgServer.class);

    private final EmbeddedPostgres postgres;

    private PgServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (initialising {@code dataDir} on first use) on a free port.
     *
     * @param dataDir    the cluster directory, {@code <data>/pg}
     * @param runtimeDir where the server binaries are unpacked
     * @throws IOException naming the cause and the way out ({@code --pg-url}) when it cannot start
     */
    public static PgServer start(Path dataDir, Path runtimeDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(runtimeDir);
        stopOrphan(dataDir);
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(runtimeDir.toFile())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The owner closes the server after the stream has drained; the library's own hook would stop
                    // it under a draining stream on Ctrl-C. A server left by a killed JVM is stopped by stopOrphan.
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDir);
            return new PgServer(postgres);
        } catch (IOException | RuntimeException e) {
            throw new IOException("the embedded PostgreSQL did not start (" + e.getMessage() + "); as root it needs "
                    + "user namespaces (unshare -U). Point cryptopipe at a server with --pg-url instead", e);
        }
    }

    /**
     * A JVM killed without its shutdown hooks (a crash, {@code kill -9}) leaves its PostgreSQL running, holding the
     * data directory. Its clients died with the JVM, so it is asked for a fast shutdown (SIGINT: committed data is
     * safe, as after any crash) and awaited, then this start proceeds on the same files.
     */
    private static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return; // unreadable: PostgreSQL itself decides whether the lock is stale
        }
        java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warn("PostgreSQL (pid {}) of {} outlived its process; shutting it down before starting again", pid,
                dataDir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the orphaned PostgreSQL " + pid + " of " + dataDir + " did not stop", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres&sslmode=disable}: local trust, no password,
     * and no TLS negotiation on loopback (the driver would otherwise ask for TLS on every connect and be refused).
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres&sslmode=disable";
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
