package io.cryptopipe.app;

import java.time.Clock;

/** Entry point of the cryptopipe jar; the composition root is {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // The JDK HTTP server (the simulator) otherwise leaves Nagle on, and small answers wait ~40 ms on the
        // client's delayed ACK. Read once when that server's classes load, so it is set before anything else.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int code = new Cli(System.getenv(), Clock.systemUTC(), System.out, System.err).run(args);
        System.exit(code);
    }
}
