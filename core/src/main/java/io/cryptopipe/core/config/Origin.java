package io.cryptopipe.core.config;

/**
 * Where a configuration value came from, in precedence order (a flag beats the environment, which beats the config
 * file, which beats the default).
 *
 * @param kind  the source
 * @param where the flag, variable or file and key that supplied it, for messages
 */
public record Origin(Kind kind, String where) {
    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, "default");

    /** Sources from highest to lowest precedence. */
    public enum Kind {
        FLAG,
        ENV,
        FILE,
        DEFAULT
    }

    @Override
    public String toString() {
        return where;
    }
}
