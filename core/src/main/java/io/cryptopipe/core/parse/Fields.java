package io.cryptopipe.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of one item's fields. A bad required field throws {@link ItemRejected}; an absent optional field is
 * null. Drift is counted when the item is opened: absent optional fields as missing, fields outside the entity's
 * known set as unknown.
 */
final class Fields {
    /** Latest epoch accepted, 9999-12-31T23:59:59.999Z; anything later is not a CoinCap time. */
    private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private final ObjectNode node;

    /** Counts the item's drift up front, so rejected items count as fully as accepted ones. */
    Fields(ObjectNode node, Set<String> known, Set<String> optional, FieldDrift.Counter drift) {
        this.node = node;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                drift.unknown(name);
            }
        }
        for (String name : optional) {
            if (!node.has(name)) {
                drift.missing(name);
            }
        }
    }

    boolean has(String name) {
        return node.has(name);
    }

    /** A non-empty, non-blank string key. */
    String requiredId(String name) {
        String value = requiredText(name);
        if (value.isBlank()) {
            throw new ItemRejected(RejectCode.EMPTY_ID, name, "empty id");
        }
        return value;
    }

    String requiredText(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    String optionalText(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    BigDecimal requiredDecimal(String name, Sign sign) {
        return decimal(name, required(name), sign);
    }

    BigDecimal optionalDecimal(String name, Sign sign) {
        JsonNode value = optional(name);
        return value == null ? null : decimal(name, value, sign);
    }

    int requiredInt(String name, int min) {
        BigDecimal value = decimal(name, required(name), Sign.ANY);
        return (int) wholeNumber(name, value, min, Integer.MAX_VALUE);
    }

    Long optionalLong(String name, long min) {
        JsonNode node = optional(name);
        if (node == null) {
            return null;
        }
        return wholeNumber(name, decimal(name, node, Sign.ANY), min, Long.MAX_VALUE);
    }

    Boolean optionalBoolean(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "a boolean", value);
        }
        return value.booleanValue();
    }

    Instant requiredEpochMillis(String name) {
        return epochMillis(name, required(name));
    }

    /** An epoch in ms; {@code 0} means unknown and reads as null, like an absent field. */
    Instant optionalEpochMillis(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        Instant instant = epochMillis(name, value);
        return instant.toEpochMilli() == 0 ? null : instant;
    }

    Instant optionalIsoInstant(String name) {
        String text = optionalText(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ItemRejected(RejectCode.BAD_TIME, name, "not an ISO-8601 instant: '" + text + "'");
        }
    }

    /** v3's {@code tokens}: chain id to a list of contract addresses. */
    Map<String, List<String>> optionalTokens(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(name, "an object of chain id to addresses", value);
        }
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> chain = it.next();
            if (!chain.getValue().isArray()) {
                throw wrongType(name + "." + chain.getKey(), "an array of addresses", chain.getValue());
            }
            List<String> addresses = new ArrayList<>();
            for (JsonNode address : chain.getValue()) {
                if (!address.isTextual()) {
                    throw wrongType(name + "." + chain.getKey(), "an array of strings", address);
                }
                addresses.add(address.textValue());
            }
            tokens.put(chain.getKey(), List.copyOf(addresses));
        }
        return tokens;
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new ItemRejected(RejectCode.MISSING_FIELD, name, "required field is absent");
        }
        if (value.isNull()) {
            throw new ItemRejected(RejectCode.NULL_VALUE, name, "required field is null");
        }
        return value;
    }

    /** Null when absent (counted as drift by the constructor) or JSON null. */
    private JsonNode optional(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static BigDecimal decimal(String name, JsonNode value, Sign sign) {
        StringBuilder problem = new StringBuilder();
        BigDecimal parsed;
        if (value.isTextual()) {
            parsed = Decimals.parse(value.textValue(), problem).orElse(null);
        } else if (value.isFloatingPointNumber() && !value.isBigDecimal()) {
            // Defensive: the exact reader never builds doubles, and a double could not be read exactly.
            throw new ItemRejected(RejectCode.NOT_A_DECIMAL, name, "JSON number not exactly representable: " + value);
        } else if (value.isNumber()) {
            parsed = Decimals.checkBounds(value.decimalValue(), problem).orElse(null);
        } else {
            throw wrongType(name, "a decimal string or number", value);
        }
        if (parsed == null) {
            throw new ItemRejected(RejectCode.NOT_A_DECIMAL, name, problem.toString());
        }
        if (sign == Sign.NON_NEGATIVE && parsed.signum() < 0) {
            throw new ItemRejected(RejectCode.NEGATIVE, name, "negative value " + parsed.toPlainString());
        }
        return parsed;
    }

    private static long wholeNumber(String name, BigDecimal value, long min, long max) {
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new ItemRejected(RejectCode.NOT_AN_INTEGER, name, "not a whole number: " + value.toPlainString());
        }
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ItemRejected(RejectCode.NOT_AN_INTEGER, name,
                    "whole number " + whole + " outside [" + min + ", " + max + "]");
        }
        return whole.longValue();
    }

    private static Instant epochMillis(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ItemRejected(RejectCode.BAD_TIME, name, "not an epoch in milliseconds: " + value);
        }
        long millis = value.longValue();
        if (millis < 0 || millis > MAX_EPOCH_MILLIS) {
            throw new ItemRejected(RejectCode.BAD_TIME, name, "epoch milliseconds out of range: " + millis);
        }
        return Instant.ofEpochMilli(millis);
    }

    private static ItemRejected wrongType(String name, String expected, JsonNode value) {
        String shown = value.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return new ItemRejected(RejectCode.WRONG_TYPE, name, "expected " + expected + ", got " + shown);
    }

    /** Whether a decimal field may be negative. */
    enum Sign {
        ANY,
        NON_NEGATIVE
    }
}
