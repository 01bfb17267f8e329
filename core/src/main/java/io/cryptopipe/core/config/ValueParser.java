package io.cryptopipe.core.config;

/**
 * Turns one configuration string into a typed value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ValueParser<T> {
    /**
     * @throws IllegalArgumentException with a message saying what was wrong and the expected form
     */
    T parse(String text);
}
