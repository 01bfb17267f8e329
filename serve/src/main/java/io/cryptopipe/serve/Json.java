package io.cryptopipe.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * Writes the API's JSON. Values reach it already converted by {@link Db}: decimals as strings (exact, never double),
 * times as ISO-8601 instants, so the mapper needs no custom serializers.
 */
final class Json {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final ObjectMapper mapper = new ObjectMapper();

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable to JSON: " + value.getClass().getName(), e);
        }
    }

    void send(Context ctx, Object value) {
        ctx.contentType(CONTENT_TYPE).result(write(value));
    }

    void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(CONTENT_TYPE).result(write(java.util.Map.of("error", message)));
    }
}
