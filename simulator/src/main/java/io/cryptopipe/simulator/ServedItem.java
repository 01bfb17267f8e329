package io.cryptopipe.simulator;

/**
 * One item as it went out, for the served log.
 *
 * @param key       the natural key (see {@link ItemKind#key})
 * @param corrupted whether the {@code bad-items} fault spoiled it
 */
record ServedItem(String key, boolean corrupted) {
}
