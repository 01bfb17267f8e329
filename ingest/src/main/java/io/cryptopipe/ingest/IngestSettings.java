package io.cryptopipe.ingest;

import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.source.ClientSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What ingest polls and how it labels what it publishes.
 *
 * @param intervals entity to poll interval; the entities polled, in this (insertion) order
 * @param source    the API base as published in envelopes, credentials masked
 * @param api       {@code v2} or {@code v3}
 */
public record IngestSettings(Map<String, Duration> intervals, String source, String api) {
    private static final Map<String, ConfigKey<Duration>> POLL_KEYS = Map.of("assets", ConfigKeys.POLL_ASSETS,
            "rates", ConfigKeys.POLL_RATES, "exchanges", ConfigKeys.POLL_EXCHANGES, "markets", ConfigKeys.POLL_MARKETS);

    public IngestSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(api, "api");
        intervals.forEach((entity, interval) -> {
            if (!PollPublisher.ENTITIES.contains(entity)) {
                throw new IllegalArgumentException(entity + " is not one of " + PollPublisher.ENTITIES);
            }
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("the " + entity + " interval must be positive: " + interval);
            }
        });
        intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }

    /**
     * The configured entities ({@code entities}) with their intervals ({@code poll-*}, else
     * {@link PollIntervals#resolve}), labelled with the client's base, masked, and shape.
     *
     * @param client the settings of the client that will poll; its credit budget (present only for a billed v3
     *               key) decides whether intervals are fitted to the budget
     */
    public static IngestSettings from(ResolvedConfig config, ClientSettings client) {
        Map<String, Duration> explicit = new LinkedHashMap<>();
        POLL_KEYS.forEach((entity, key) -> config.find(key).ifPresent(d -> explicit.put(entity, d)));
        Map<String, Duration> intervals = PollIntervals.resolve(config.get(ConfigKeys.ENTITIES), explicit,
                client.creditsPerDay(), client.creditsPerRequest(), client.pageSize());
        return new IngestSettings(intervals, ResolvedConfig.maskUrl(client.base().toString()),
                client.shape().segment());
    }
}
