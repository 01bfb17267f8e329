package io.cryptopipe.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.ParsedResponse;
import io.cryptopipe.core.parse.Rejection;
import io.cryptopipe.store.sink.LedgerRow;
import io.cryptopipe.store.sink.Progress;
import io.cryptopipe.store.sink.RejectRow;
import io.cryptopipe.store.sink.SinkBatch;
import io.cryptopipe.store.sink.SinkRow;
import io.cryptopipe.store.sink.SinkTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Turns the records of one micro-batch partition into what the sink stores, never throwing on bad data: each item
 * record becomes a row of its entity's tables or a rejected record with the reason (envelope unreadable, the
 * {@code core} parser's reason, or text PostgreSQL cannot hold); each ledger record becomes a ledger row; and each
 * topic-partition's next offset is kept so the sink stores the stream's position with the rows. Pure: no I/O.
 */
public final class RecordDecoder {
    /** The topic ingest writes one event per poll to. */
    public static final String LEDGER_TOPIC = "coincap.ledger";
    private static final String TOPIC_PREFIX = "coincap.";

    private final Map<ApiShape, CoinCapParser> parsers = new EnumMap<>(ApiShape.class);
    private final ObjectMapper json = new ObjectMapper();

    public RecordDecoder() {
        for (ApiShape shape : ApiShape.values()) {
            parsers.put(shape, new CoinCapParser(shape));
        }
    }

    /**
     * Decodes records of any {@code coincap.*} topics.
     *
     * @param query   the streaming query's name, under which the position is stored
     * @param batchId the micro-batch
     * @param now     the rejection time
     */
    public SinkBatch decode(List<StreamRecord> records, String query, long batchId, Instant now) {
        Map<SinkTable, List<SinkRow>> rows = new EnumMap<>(SinkTable.class);
        List<RejectRow> rejects = new ArrayList<>();
        List<LedgerRow> ledger = new ArrayList<>();
        for (StreamRecord record : records) {
            try {
                if (LEDGER_TOPIC.equals(record.topic())) {
                    ledger.add(ledgerRow(record.value()));
                } else {
                    SinkTable table = table(record.topic());
                    SinkRow row = row(table, record);
                    rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
                }
            } catch (IllegalArgumentException e) {
                rejects.add(new RejectRow(record.topic(), record.partition(), record.offset(), record.key(),
                        record.value(), e.getMessage(), now));
            }
        }
        return new SinkBatch(rows, rejects, ledger, positions(records, query, batchId));
    }

    /** The next offset of every topic-partition among the records: what the stream has read once they are stored. */
    public static List<Progress> positions(List<StreamRecord> records, String query, long batchId) {
        Map<String, Progress> progress = new LinkedHashMap<>();
        for (StreamRecord record : records) {
            progress.merge(record.topic() + "/" + record.partition(),
                    new Progress(query, record.topic(), record.partition(), record.offset() + 1, batchId),
                    (a, b) -> a.nextOffset() >= b.nextOffset() ? a : b);
        }
        return List.copyOf(progress.values());
    }

    private static SinkTable table(String topic) {
        if (!topic.startsWith(TOPIC_PREFIX)) {
            throw new IllegalArgumentException("topic " + topic + " is not a coincap.* topic");
        }
        try {
            return SinkTable.forEntity(topic.substring(TOPIC_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("topic " + topic + " names no entity this stream stores");
        }
    }

    private SinkRow row(SinkTable table, StreamRecord record) {
        Envelope envelope = Envelope.read(record.value());
        ApiShape shape = envelope.api() == null ? ApiShape.V3 : ApiShape.parse(envelope.api())
                .orElseThrow(() -> new IllegalArgumentException("envelope: api " + envelope.api() + " is not v2 or v3"));
        CoinCapParser parser = parsers.get(shape);
        List<String> values = switch (table) {
            case ASSETS -> accept(parser, Entity.ASSET, envelope, EntityRows::asset);
            case RATES -> accept(parser, Entity.RATE, envelope, EntityRows::rate);
            case EXCHANGES -> accept(parser, Entity.EXCHANGE, envelope, EntityRows::exchange);
            case MARKETS -> accept(parser, Entity.MARKET, envelope, EntityRows::market);
        };
        return new SinkRow(record.offset(), values);
    }

    private static <T> List<String> accept(CoinCapParser parser, Entity<T> entity, Envelope envelope,
            BiFunction<T, Instant, List<String>> toRow) {
        ParsedResponse<T> parsed = parser.parseItem(entity, envelope.item());
        if (parsed instanceof ParsedResponse.Failure<T> failure) {
            throw new IllegalArgumentException(failure.message());
        }
        ParsedResponse.Page<T> page = (ParsedResponse.Page<T>) parsed;
        if (!page.rejections().isEmpty()) {
            Rejection rejection = page.rejections().get(0);
            throw new IllegalArgumentException(rejection.reason());
        }
        return toRow.apply(page.items().get(0), envelope.observedAt());
    }

    private LedgerRow ledgerRow(String value) {
        JsonNode node;
        try {
            node = value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ledger: not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("ledger: not a JSON object");
        }
        if (node.path("schema").asInt(-1) != Envelope.SCHEMA) {
            throw new IllegalArgumentException("ledger: schema " + node.get("schema") + " is not " + Envelope.SCHEMA);
        }
        try {
            JsonNode drift = node.get("drift");
            return new LedgerRow(UUID.fromString(required(node, "poll_id")), required(node, "entity"),
                    text(node, "source"), Instant.parse(required(node, "observed_at")),
                    text(node, "fetched_at") == null ? null : Instant.parse(text(node, "fetched_at")),
                    integer(node, "items_returned"), integer(node, "repeats"), integer(node, "rejected"),
                    integer(node, "requests"), required(node, "outcome"), text(node, "reason"),
                    noNul(text(node, "archived_body")), drift == null || drift.isNull() ? null : drift.toString(),
                    longValue(node, "interval_ms"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ledger: " + e.getMessage());
        }
    }

    private static String required(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            throw new IllegalArgumentException("no " + field);
        }
        return text;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.canConvertToInt() ? null : value.intValue();
    }

    /** A whole number; null when absent, null or not one (events published before the field existed). */
    private static Long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.canConvertToLong() || !value.isIntegralNumber() ? null : value.longValue();
    }

    /** A whole-body failure may hold bytes PostgreSQL's text cannot; the ledger keeps the rest of it visible. */
    private static String noNul(String text) {
        return text == null ? null : text.replace("\0", "\\u0000");
    }
}
