package io.cryptopipe.app;

import java.time.Clock;

/** Entry point of the cryptopipe jar; the composition root is {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.getenv(), Clock.systemUTC(), System.out, System.err).run(args);
        System.exit(code);
    }
}
