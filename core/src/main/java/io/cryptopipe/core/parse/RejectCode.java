package io.cryptopipe.core.parse;

/** Why an item was rejected; stable codes for counting rejects by reason. */
public enum RejectCode {
    /** The item is not a JSON object. */
    NOT_AN_OBJECT,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A required field is JSON null. */
    NULL_VALUE,
    /** A field has a JSON type the API never sends there (an object where a string belongs). */
    WRONG_TYPE,
    /** A decimal field holds text that is not a bounded decimal. */
    NOT_A_DECIMAL,
    /** A count or rank is not a whole number in range. */
    NOT_AN_INTEGER,
    /** A price, supply, volume or count is negative. */
    NEGATIVE,
    /** A key field (id) is empty or blank. */
    EMPTY_ID,
    /** A time field is not a valid epoch in milliseconds or ISO-8601 instant. */
    BAD_TIME
}
