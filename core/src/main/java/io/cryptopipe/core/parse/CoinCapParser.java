package io.cryptopipe.core.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.PriceTick;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads CoinCap bodies (v2 and v3 shapes) into records without ever throwing on bad data: each item becomes a
 * record or a {@link Rejection} with its reason and raw JSON; a body that is unusable as a whole becomes a
 * {@link ParsedResponse.Failure}. Numbers are read exactly: JSON numbers keep their digits and scale, as do strings.
 *
 * <p>Thread-safe and cheap to share.
 */
public final class CoinCapParser {
    private static final int EXCERPT = 200;

    private final ObjectMapper mapper;
    private final ApiShape shape;

    public CoinCapParser(ApiShape shape) {
        this.shape = Objects.requireNonNull(shape, "shape");
        // Numbers longer than Jackson's default 1,000 characters would fail the whole body; let them through to
        // Decimals, which rejects just their item.
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build())
                        .build())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    public ApiShape shape() {
        return shape;
    }

    /** A list endpoint: {@code data} must be an array. */
    public <T> ParsedResponse<T> parseList(Entity<T> entity, String body) {
        return parse(entity, body, true);
    }

    /** A single-item endpoint such as {@code /assets/{id}}: {@code data} must be one object. */
    public <T> ParsedResponse<T> parseOne(Entity<T> entity, String body) {
        return parse(entity, body, false);
    }

    /**
     * One item on its own, as the stream receives it from the broker: a page of exactly one accepted item or one
     * rejection, or a {@link ParsedResponse.Failure} when the text is not JSON. The page has no timestamp and no
     * warnings; the poll's {@code observed_at} travels beside the item.
     */
    public <T> ParsedResponse<T> parseItem(Entity<T> entity, String rawItem) {
        JsonNode item;
        try {
            item = readTree(rawItem);
        } catch (JsonProcessingException e) {
            return failure(ParsedResponse.Kind.MALFORMED, "not JSON: " + e.getOriginalMessage(), rawItem);
        }
        if (item == null || item.isMissingNode()) {
            return failure(ParsedResponse.Kind.MALFORMED, "empty item", rawItem);
        }
        return readItems(entity, List.of(item), Optional.empty(), new ArrayList<>());
    }

    /**
     * A prices-socket frame: a JSON object of asset id to price, or v3's plain-text {@code Unauthorized...}.
     *
     * @param receivedAt the receive time stamped on every tick (frames carry none)
     */
    public PriceFrame parsePriceFrame(String frame, Instant receivedAt) {
        if (frame.stripLeading().startsWith("Unauthorized")) {
            return new PriceFrame.Unauthorized(frame);
        }
        JsonNode root;
        try {
            root = readTree(frame);
        } catch (JsonProcessingException e) {
            return new PriceFrame.Malformed("not JSON: " + e.getOriginalMessage(), frame);
        }
        if (root == null || !root.isObject()) {
            return new PriceFrame.Malformed("expected a JSON object of asset id to price", frame);
        }
        List<PriceTick> ticks = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String raw = mapper.createObjectNode().set(entry.getKey(), entry.getValue()).toString();
            if (entry.getKey().isBlank()) {
                rejections.add(new Rejection("price", RejectCode.EMPTY_ID, "assetId", "empty id", raw));
                continue;
            }
            try {
                BigDecimal price = Fields.decimal(entry.getKey(), entry.getValue(), Fields.Sign.NON_NEGATIVE);
                ticks.add(new PriceTick(entry.getKey(), receivedAt, price));
            } catch (ItemRejected e) {
                rejections.add(new Rejection("price", e.code, e.field, e.getMessage(), raw));
            }
        }
        return new PriceFrame.Ticks(ticks, rejections);
    }

    /** Reads a non-2xx body: its {@code error} or {@code message} string when JSON, else an excerpt of the text. */
    public ApiError parseError(int status, String body) {
        try {
            JsonNode root = readTree(body);
            if (root != null && root.isObject()) {
                for (String field : List.of("error", "message")) {
                    JsonNode value = root.get(field);
                    if (value != null && value.isTextual()) {
                        return new ApiError(status, value.textValue(), body);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall through to the excerpt
        }
        String text = body.strip();
        String message = text.isEmpty() ? "(empty body)" : excerpt(text);
        return new ApiError(status, message, body);
    }

    private <T> ParsedResponse<T> parse(Entity<T> entity, String body, boolean list) {
        JsonNode root;
        try {
            root = readTree(body);
        } catch (JsonProcessingException e) {
            return failure(ParsedResponse.Kind.MALFORMED, "not JSON: " + e.getOriginalMessage(), body);
        }
        if (root == null || root.isMissingNode()) {
            return failure(ParsedResponse.Kind.MALFORMED, "empty body", body);
        }
        if (!root.isObject()) {
            return failure(ParsedResponse.Kind.MALFORMED, "body is not a JSON object", body);
        }
        JsonNode data = root.get("data");
        if (data == null) {
            JsonNode error = root.get("error");
            return error != null && error.isTextual()
                    ? failure(ParsedResponse.Kind.API_ERROR, error.textValue(), body)
                    : failure(ParsedResponse.Kind.MALFORMED, "no data field in the envelope", body);
        }
        if (isDeprecationNotice(data)) {
            return failure(ParsedResponse.Kind.DEPRECATED, data.get("message").asText(), body);
        }
        List<String> warnings = new ArrayList<>();
        Optional<Instant> timestamp = timestamp(root.get("timestamp"), warnings);
        if (list && !data.isArray()) {
            return failure(ParsedResponse.Kind.MALFORMED,
                    "data is " + kind(data) + " where a list of " + entity + " items was expected", body);
        }
        if (!list && !data.isObject()) {
            return failure(ParsedResponse.Kind.MALFORMED,
                    "data is " + kind(data) + " where one " + entity + " object was expected", body);
        }
        Iterable<JsonNode> items = list ? data : List.of(data);
        return readItems(entity, items, timestamp, warnings);
    }

    private <T> ParsedResponse<T> readItems(
            Entity<T> entity, Iterable<JsonNode> items, Optional<Instant> timestamp, List<String> warnings) {
        List<ParsedResponse.Accepted<T>> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        FieldDrift.Counter drift = new FieldDrift.Counter();
        for (JsonNode item : items) {
            String raw = item.toString();
            if (!item.isObject()) {
                rejections.add(new Rejection(entity.name(), RejectCode.NOT_AN_OBJECT, null,
                        "item is " + kind(item) + ", not an object", raw));
                continue;
            }
            try {
                Fields fields = new Fields((ObjectNode) item, entity.knownFields(shape), entity.optionalFields(shape),
                        drift);
                accepted.add(new ParsedResponse.Accepted<>(entity.read(fields, shape), raw));
            } catch (ItemRejected e) {
                rejections.add(new Rejection(entity.name(), e.code, e.field, e.getMessage(), raw));
            }
        }
        return new ParsedResponse.Page<>(timestamp, accepted, rejections, drift.toDrift(), warnings);
    }

    /**
     * Reads JSON with exact decimals. A JSON number that BigDecimal cannot hold (an exponent beyond its range) makes
     * the exact reader throw for the whole body; the body is then read again with each such number turned into a
     * string of its own text, which {@link Decimals} rejects per item ("decimal out of range: '1e99999999999'"). So
     * one absurd value costs its item, not the page, and every other number of the body is still read exactly.
     */
    private JsonNode readTree(String text) throws JsonProcessingException {
        try {
            return mapper.readTree(text);
        } catch (NumberFormatException | ArithmeticException e) {
            String quoted = quoteUnrepresentableNumbers(text);
            try {
                return mapper.readTree(quoted);
            } catch (NumberFormatException | ArithmeticException again) {
                throw new JsonParseException((JsonParser) null, "unreadable number: " + again.getMessage());
            }
        }
    }

    /** The first JSON value of {@code text}, numbers kept as written except those BigDecimal cannot hold, quoted. */
    private String quoteUnrepresentableNumbers(String text) throws JsonProcessingException {
        StringWriter out = new StringWriter();
        try (JsonParser in = mapper.createParser(text); JsonGenerator gen = mapper.createGenerator(out)) {
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                    if (representable(in)) {
                        gen.writeNumber(in.getText());
                    } else {
                        gen.writeString(in.getText());
                    }
                } else {
                    gen.copyCurrentEvent(in);
                }
                if (in.getParsingContext().inRoot()) {
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static boolean representable(JsonParser in) throws IOException {
        try {
            in.getDecimalValue();
            return true;
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
    }

    /** v2's shutdown answer: {@code {"data":{"message":"...deprecating..."},"timestamp":...}}. */
    private static boolean isDeprecationNotice(JsonNode data) {
        return data.isObject() && data.size() == 1 && data.has("message") && data.get("message").isTextual();
    }

    private static Optional<Instant> timestamp(JsonNode node, List<String> warnings) {
        if (node == null) {
            warnings.add("envelope has no timestamp");
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() <= 0) {
            warnings.add("envelope timestamp is not epoch milliseconds: " + excerpt(node.toString()));
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(node.longValue()));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }

    private static <T> ParsedResponse<T> failure(ParsedResponse.Kind kind, String message, String body) {
        return new ParsedResponse.Failure<>(kind, message, body);
    }
}
