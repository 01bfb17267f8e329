package io.cryptopipe.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a CoinCap body into its items' exact texts, without reading their values: each item is the very substring
 * the API sent, so what is published downstream is the item exactly as sent, digits and all.
 */
public final class RawItems {
    private static final JsonFactory JSON = new JsonFactory();

    private RawItems() {
    }

    /**
     * The items of {@code data}: each element of a list, or the one object of a single-item answer.
     *
     * @return empty when the body is not a JSON object with a {@code data} list or object
     */
    public static Optional<List<String>> split(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    return Optional.of(elements(p, body));
                }
                if ("data".equals(field) && value == JsonToken.START_OBJECT) {
                    return Optional.of(List.of(span(p, body)));
                }
                p.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> elements(JsonParser p, String body) throws IOException {
        List<String> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(span(p, body));
        }
        return items;
    }

    /** The text of the value the parser stands on (an object, array or scalar), leaving the parser after it. */
    private static String span(JsonParser p, String body) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getCharOffset();
        return body.substring(start, end);
    }
}
