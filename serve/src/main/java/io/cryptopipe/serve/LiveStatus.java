package io.cryptopipe.serve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the dashboard cannot read from PostgreSQL: state only the running process knows. The composition root
 * implements it over the running parts; each method is called per request, so implementations answer from what they
 * already hold or cache briefly.
 */
public interface LiveStatus {
    /**
     * Records published but not yet stored, by topic: the broker's end offsets minus the positions the stream stored
     * with its rows. Empty when no stream runs in this process.
     *
     * @throws Exception when the broker or the database cannot be asked; the dashboard shows the message
     */
    Map<String, Long> lagByTopic() throws Exception;

    /** Credits spent today (UTC) against the daily budget; empty when the source does not use credits. */
    Optional<Credits> credits();

    /** Each component's health, in display order. */
    List<ComponentHealth> components();

    /**
     * CoinCap credits.
     *
     * @param usedToday credits spent since 00:00 UTC
     * @param budget    the configured credits per day; empty when unlimited
     */
    record Credits(long usedToday, OptionalLong budget) {
    }
}
