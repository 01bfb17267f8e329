package io.cryptopipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The Kafka key of an item: its natural key (asset or rate id, exchange id, {@code exchange/base/quote}), read from
 * the raw item without judging the rest of it. Empty when the item has none: it is published with a null key and
 * rejected downstream with its reason, never dropped here.
 */
public final class NaturalKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NaturalKey() {
    }

    public static Optional<String> of(String entity, String rawItem) {
        JsonNode item;
        try {
            item = JSON.readTree(rawItem);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (item == null || !item.isObject()) {
            return Optional.empty();
        }
        return switch (entity) {
            case "assets", "rates" -> text(item, "id");
            case "exchanges" -> text(item, "exchangeId").or(() -> text(item, "id"));
            case "markets" -> text(item, "exchangeId").flatMap(e -> text(item, "baseId")
                    .flatMap(b -> text(item, "quoteId").map(q -> e + "/" + b + "/" + q)));
            default -> Optional.empty();
        };
    }

    private static Optional<String> text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank()
                ? Optional.of(value.textValue()) : Optional.empty();
    }
}
