package io.cryptopipe.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a long-running command alive until its {@code --duration} ends or the process is asked to stop (Ctrl-C,
 * SIGTERM). On a signal the shutdown hook waits, bounded, for the command to close its components, so the JVM's exit
 * (130 for SIGINT) happens after a clean stop.
 */
final class Lifecycle implements AutoCloseable {
    private static final long CLEANUP_WAIT_SECONDS = 30;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    Lifecycle() {
        hook = new Thread(this::onSignal, "cryptopipe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
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

    /** Marks cleanup done (releasing a waiting shutdown hook) and unregisters the hook when not shutting down. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and now returns
        }
    }

    private void onSignal() {
        stopRequested.countDown();
        try {
            cleanedUp.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
