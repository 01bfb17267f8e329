package io.cryptopipe.core.config;

/**
 * One thing wrong with the configuration.
 *
 * @param where   the flag, environment variable or file key at fault
 * @param message what is wrong and the expected form
 */
public record ConfigProblem(String where, String message) {
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
