package io.cryptopipe.app.metrics;

import io.cryptopipe.core.parse.RejectCode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reason code of a {@code rejected_records.reason}, the {@code reason} tag of {@code cryptopipe_rejects}: the
 * stored reasons are sentences naming the bad value, so they are reduced to a small fixed set: the parser's
 * {@link RejectCode} in lower case ({@code not_a_decimal}, ...) when the reason names one, otherwise the stage that
 * refused the record ({@code envelope}, {@code ledger}, {@code tick}, {@code price_refused_at_ingest}), the
 * PostgreSQL limits ({@code nul_character}, {@code time_out_of_range}), {@code unknown_topic}, or {@code other}.
 */
public final class RejectReasons {
    private static final Pattern CODE;

    static {
        StringBuilder names = new StringBuilder();
        for (RejectCode code : RejectCode.values()) {
            names.append(names.length() == 0 ? "" : "|").append(code.name());
        }
        CODE = Pattern.compile("\\b(" + names + ")(:|$)");
    }

    private RejectReasons() {
    }

    public static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return "other";
        }
        Matcher code = CODE.matcher(reason);
        if (code.find()) {
            return code.group(1).toLowerCase(Locale.ROOT);
        }
        String text = reason.strip();
        if (text.contains("U+0000")) {
            return "nul_character";
        }
        if (text.contains("outside the years")) {
            return "time_out_of_range";
        }
        if (text.startsWith("price entry refused at ingest")) {
            return "price_refused_at_ingest";
        }
        if (text.startsWith("envelope")) {
            return "envelope";
        }
        if (text.startsWith("ledger")) {
            return "ledger";
        }
        if (text.startsWith("tick")) {
            return "tick";
        }
        if (text.startsWith("topic ")) {
            return "unknown_topic";
        }
        return "other";
    }
}
