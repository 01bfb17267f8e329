package io.cryptopipe.source;

import java.time.Duration;

/** Waits; injected so tests and benchmarks can observe or shorten waiting. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
