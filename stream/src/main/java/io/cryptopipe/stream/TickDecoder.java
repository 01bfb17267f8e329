package io.cryptopipe.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.store.sink.RejectRow;
import io.cryptopipe.store.sink.TickSink;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code coincap.prices} records (see ingest's {@code PricePublisher}) into ticks, never throwing on bad data:
 * a record that is not a tick envelope, an entry ingest already refused, or a price that is not a non-negative
 * decimal becomes a rejected record with the reason. The price text is kept as published (exact); the tick's time is
 * the receive time ingest stamped.
 */
public final class TickDecoder {
    /** The live prices topic. */
    public static final String TOPIC = "coincap.prices";
    private static final int MAX_PRICE_LENGTH = 400;

    private final ObjectMapper json = new ObjectMapper();

    /** The ticks, and the records rejected with their reasons. */
    public record Decoded(List<TickSink.TickRow> ticks, List<RejectRow> rejects) {
    }

    public Decoded decode(List<StreamRecord> records, Instant now) {
        List<TickSink.TickRow> ticks = new ArrayList<>();
        List<RejectRow> rejects = new ArrayList<>();
        for (StreamRecord record : records) {
            try {
                ticks.add(tick(record));
            } catch (IllegalArgumentException e) {
                rejects.add(new RejectRow(record.topic(), record.partition(), record.offset(), record.key(),
                        record.value(), e.getMessage(), now));
            }
        }
        return new Decoded(ticks, rejects);
    }

    private TickSink.TickRow tick(StreamRecord record) {
        JsonNode node;
        try {
            node = record.value() == null ? null : json.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tick: not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || node.path("schema").asInt(-1) != Envelope.SCHEMA) {
            throw new IllegalArgumentException("tick: not a schema " + Envelope.SCHEMA + " tick envelope");
        }
        if (node.hasNonNull("rejected")) {
            throw new IllegalArgumentException("price entry refused at ingest: " + node.get("rejected").asText());
        }
        String asset = text(node, "asset_id");
        if (asset.isBlank() || asset.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("tick: asset_id is empty or holds U+0000");
        }
        return new TickSink.TickRow(asset, receivedAt(node), price(text(node, "price")),
                node.path("via").isTextual() ? node.get("via").asText() : null, record.topic(), record.partition(),
                record.offset());
    }

    private static Instant receivedAt(JsonNode node) {
        try {
            return EntityRows.storable("tick: received_at", Instant.parse(text(node, "received_at")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("tick: unreadable received_at: " + e.getParsedString());
        }
    }

    /** The exact decimal text, checked: PostgreSQL's numeric takes it as is. */
    private static String price(String text) {
        if (text.length() > MAX_PRICE_LENGTH) {
            throw new IllegalArgumentException("tick: price longer than " + MAX_PRICE_LENGTH + " characters");
        }
        BigDecimal price;
        try {
            price = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tick: price '" + text + "' is not a decimal");
        }
        if (Math.abs((long) price.scale()) > 1000 || price.precision() > 200) {
            throw new IllegalArgumentException("tick: price " + text + " is beyond 200 digits or scale 1000");
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException("tick: price " + text + " is negative");
        }
        return price.toPlainString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("tick: no " + field);
        }
        return value.asText();
    }
}
