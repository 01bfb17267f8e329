package io.cryptopipe.store.sink;

import java.io.IOException;
import java.util.List;

/**
 * The text format of {@code COPY ... FROM STDIN}: fields separated by tab, rows ended by newline, {@code \N} for
 * NULL, and backslash, newline, carriage return and tab escaped so that every other character, non-ASCII included,
 * arrives exactly as given. Every stage row ends with its order, the column {@code ord}.
 */
final class CopyText {
    static final String NULL = "\\N";

    private CopyText() {
    }

    /**
     * Appends one stage row: the values, then {@code ord}.
     *
     * @param columns names the values, for errors
     * @throws IllegalArgumentException when the values do not match the columns, or a value holds U+0000
     */
    static void appendRow(Appendable out, List<String> columns, List<String> values, long ord) throws IOException {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("a row has " + values.size() + " values for the " + columns.size()
                    + " columns " + columns);
        }
        for (int i = 0; i < values.size(); i++) {
            appendField(out, columns.get(i), values.get(i));
            out.append('\t');
        }
        out.append(Long.toString(ord)).append('\n');
    }

    /**
     * Appends one value, escaped, or {@link #NULL}.
     *
     * @throws IllegalArgumentException naming the column when the value holds U+0000, which no PostgreSQL text can
     *                                  store (the decoder rejects such items; this keeps a bug from writing garbage)
     */
    static void appendField(Appendable out, String column, String value) throws IOException {
        if (value == null) {
            out.append(NULL);
        } else if (plain(value)) {
            out.append(value);
        } else {
            appendEscaped(out, column, value);
        }
    }

    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static void appendEscaped(Appendable out, String column, String value) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> throw new IllegalArgumentException("column " + column
                        + " holds the character U+0000, which PostgreSQL cannot store");
                default -> out.append(c);
            }
        }
    }
}
