package io.cryptopipe.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * Keeps a long-running command alive until its {@code --duration} ends or the process is asked to stop (Ctrl-C,
 * SIGTERM). On a signal the shutdown hook waits, bounded, for the command to close its components, so the JVM's exit
 * (130 for SIGINT) happens after a clean stop. The hook is registered with Hadoop's shutdown-hook manager at the
 * highest priority, which Spark's own hooks (stopping the SparkContext) also use: they run only after this one has
 * returned, so a stream can drain on Ctrl-C instead of losing its SparkContext under it.
 */
final class Lifecycle implements AutoCloseable {
    private static final Duration DEFAULT_CLEANUP_WAIT = Duration.ofSeconds(30);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Duration cleanupWait;
    private final Runnable hook = this::onSignal;

    Lifecycle() {
        this(DEFAULT_CLEANUP_WAIT);
    }

    /** @param cleanupWait how long a signal waits for the command to stop cleanly (a drain, say) */
    Lifecycle(Duration cleanupWait) {
        this.cleanupWait = cleanupWait;
        ShutdownHookManager.get().addShutdownHook(hook, Integer.MAX_VALUE, cleanupWait.toSeconds() + 5,
                TimeUnit.SECONDS);
    }

    /**
     * Blocks until the duration elapses or a stop is requested.
     *
     * @return true when the duration elapsed, false when stopped by a signal
     */
    boolean awaitStop(Optional<Duration> duration) throws InterruptedException {
        if (duration.isPresent()) {
            return !stopRequested.await(duration.get().toMillis(), TimeUnit.MILLISECONDS);
        }
        stopRequested.await();
        return false;
    }

    /**
     * Says how long the process runs, blocks as {@link #awaitStop} does, then says why it stops: the ending of the
     * commands that only serve ({@code serve}, {@code batch-scheduler}).
     */
    void runUntilStopped(Optional<Duration> duration, PrintStream out) throws InterruptedException {
        out.println(duration.map(d -> "running for " + Pipeline.shown(d)).orElse("running; Ctrl-C stops"));
        out.println(awaitStop(duration) ? "duration elapsed; stopping" : "stop requested; stopping");
    }

    /** Marks cleanup done (releasing a waiting shutdown hook) and unregisters the hook when not shutting down. */
    @Override
    public void close() {
        cleanedUp.countDown();
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(hook);
        }
    }

    private void onSignal() {
        stopRequested.countDown();
        try {
            cleanedUp.await(cleanupWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
