package io.cryptopipe.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The envelope ingest wraps around every item ({@code {"schema":1,"poll_id":..,"entity":..,"source":..,"api":..,
 * "observed_at":..,"fetched_at":..,"item":<raw>}}), read without re-encoding the item: {@link #item} is the exact
 * substring of the record, so the parser sees the digits CoinCap sent.
 */
record Envelope(int schema, UUID pollId, String entity, String api, Instant observedAt, Instant fetchedAt,
        String item) {
    static final int SCHEMA = 1;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads an envelope.
     *
     * @throws IllegalArgumentException with a reason fit for {@code rejected_records} when the value is not one
     */
    static Envelope read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("envelope: record has no value");
        }
        Fields f = new Fields();
        try (JsonParser in = JSON.createParser(value)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("envelope: not a JSON object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken token = in.nextToken();
                if ("item".equals(name)) {
                    int start = (int) in.currentTokenLocation().getCharOffset();
                    in.skipChildren();
                    int end = (int) in.currentLocation().getCharOffset();
                    f.item = value.substring(start, end);
                } else {
                    f.put(name, token, in);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("envelope: not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return f.toEnvelope();
    }

    /** Values collected while reading. */
    private static final class Fields {
        private Integer schema;
        private String pollId;
        private String entity;
        private String api;
        private String observedAt;
        private String fetchedAt;
        private String item;

        void put(String name, JsonToken token, JsonParser in) throws IOException {
            switch (name) {
                case "schema" -> schema = token == JsonToken.VALUE_NUMBER_INT ? in.getIntValue() : null;
                case "poll_id" -> pollId = text(token, in);
                case "entity" -> entity = text(token, in);
                case "api" -> api = text(token, in);
                case "observed_at" -> observedAt = text(token, in);
                case "fetched_at" -> fetchedAt = text(token, in);
                default -> in.skipChildren();
            }
        }

        Envelope toEnvelope() {
            if (schema == null || schema != SCHEMA) {
                throw new IllegalArgumentException("envelope: schema " + schema + " is not " + SCHEMA);
            }
            if (item == null) {
                throw new IllegalArgumentException("envelope: no item");
            }
            if (observedAt == null) {
                throw new IllegalArgumentException("envelope: no observed_at");
            }
            try {
                return new Envelope(schema, pollId == null ? null : UUID.fromString(pollId), entity, api,
                        Instant.parse(observedAt), fetchedAt == null ? null : Instant.parse(fetchedAt), item);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("envelope: unreadable poll_id, observed_at or fetched_at: "
                        + e.getMessage());
            }
        }

        private static String text(JsonToken token, JsonParser in) throws IOException {
            return token == JsonToken.VALUE_STRING ? in.getText() : null;
        }
    }
}
