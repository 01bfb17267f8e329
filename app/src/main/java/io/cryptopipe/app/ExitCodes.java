package io.cryptopipe.app;

/** Exit codes of every command. */
final class ExitCodes {
    static final int OK = 0;
    static final int RUNTIME_FAILURE = 1;
    static final int USAGE = 2;
    /** 128 + SIGINT; the JVM exits with it on Ctrl-C after the shutdown hooks ran. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
