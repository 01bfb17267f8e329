package io.cryptopipe.app.metrics;

import io.cryptopipe.source.Endpoint;
import java.util.List;

/**
 * The path template of a CoinCap endpoint, the {@code endpoint} tag of the source metrics: {@code /assets},
 * {@code /assets/{id}/history}, never a raw id, so the tag has as many values as the API has resources. CoinCap paths
 * alternate collection and id ({@code /assets/bitcoin/markets}), so every second segment is an id.
 */
public final class EndpointTemplates {
    private EndpointTemplates() {
    }

    public static String of(Endpoint<?> endpoint) {
        return of(endpoint.path());
    }

    /** The template of a path given as its segments below the API base (unencoded). */
    public static String of(List<String> segments) {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            template.append('/').append(i % 2 == 1 ? "{id}" : collection(segments.get(i)));
        }
        return template.toString();
    }

    /** A collection name as it may appear in a tag: letters, digits, '-' and '_' only (else {@code other}). */
    private static String collection(String segment) {
        return segment.matches("[A-Za-z0-9_-]{1,40}") ? segment : "other";
    }
}
