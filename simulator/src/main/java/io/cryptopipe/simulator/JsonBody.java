package io.cryptopipe.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the simulator's JSON with Jackson's streaming generator. Deliberately independent of the product's parser:
 * strings stay strings, numbers are written only for millisecond times, so a parser bug cannot be hidden by a
 * writer that shares its assumptions.
 */
final class JsonBody {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBody() {
    }

    /** {@code {"data": <data>, "timestamp": <ms>}}. */
    static byte[] envelope(Object data, long timestamp) {
        return write(gen -> {
            gen.writeStartObject();
            gen.writeFieldName("data");
            value(gen, data);
            gen.writeNumberField("timestamp", timestamp);
            gen.writeEndObject();
        });
    }

    /** {@code {"error": "<message>", "timestamp": <ms>}}. */
    static byte[] error(String message, long timestamp) {
        return write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("error", message);
            gen.writeNumberField("timestamp", timestamp);
            gen.writeEndObject();
        });
    }

    /** Any value the rows hold (maps, lists, strings, numbers, booleans, null) as JSON. */
    static byte[] json(Object value) {
        return write(gen -> value(gen, value));
    }

    private static void value(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName((String) e.getKey());
                value(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                value(gen, item);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8_192);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            body.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator gen) throws IOException;
    }
}
