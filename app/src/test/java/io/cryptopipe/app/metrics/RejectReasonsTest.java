package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.parse.RejectCode;
import io.cryptopipe.core.parse.Rejection;
import org.junit.jupiter.api.Test;

class RejectReasonsTest {
    @Test
    void aParserRejectionCountsUnderItsCode() {
        for (RejectCode code : RejectCode.values()) {
            String reason = new Rejection("asset", code, "priceUsd", "bad value 'x: Y'", "{}").reason();
            assertThat(RejectReasons.code(reason)).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(RejectReasons.code(new Rejection("market", RejectCode.NOT_AN_OBJECT, null, "not an object",
                "[]").reason())).isEqualTo("not_an_object");
    }

    @Test
    void aPriceEntryRefusedAtIngestCountsUnderTheParserCodeItCarries() {
        assertThat(RejectReasons.code("price entry refused at ingest: price.priceUsd NOT_A_DECIMAL: not a decimal"))
                .isEqualTo("not_a_decimal");
        assertThat(RejectReasons.code("price entry refused at ingest: something else"))
                .isEqualTo("price_refused_at_ingest");
    }

    @Test
    void theStreamsOwnReasonsCountByStage() {
        assertThat(RejectReasons.code("envelope: not JSON: Unexpected character ('t' (code 116))"))
                .isEqualTo("envelope");
        assertThat(RejectReasons.code("envelope: schema 2 is not 1")).isEqualTo("envelope");
        assertThat(RejectReasons.code("ledger: not a JSON object")).isEqualTo("ledger");
        assertThat(RejectReasons.code("tick: price '-5' is negative")).isEqualTo("tick");
        assertThat(RejectReasons.code("text contains U+0000, which PostgreSQL cannot store: name"))
                .isEqualTo("nul_character");
        assertThat(RejectReasons.code("updated_at 99999-01-01T00:00:00Z is outside the years 1-9999"))
                .isEqualTo("time_out_of_range");
        assertThat(RejectReasons.code("topic coincap.zzz names no entity this stream stores"))
                .isEqualTo("unknown_topic");
        assertThat(RejectReasons.code("something new")).isEqualTo("other");
        assertThat(RejectReasons.code(null)).isEqualTo("other");
        assertThat(RejectReasons.code("  ")).isEqualTo("other");
    }

    @Test
    void theCodeIsWhatTheDatabaseQueryPassesOn() {
        // Refresher groups by the parser code when the reason holds one, else by the reason's first 200 characters
        assertThat(RejectReasons.code("NOT_A_DECIMAL:")).isEqualTo("not_a_decimal");
        assertThat(RejectReasons.code("NOT_A_DECIMAL")).isEqualTo("not_a_decimal");
        assertThat(RejectReasons.code("NOT_A_DECIMALS: x")).isEqualTo("other");
        assertThat(RejectReasons.code("envelope: no item".substring(0, 8))).isEqualTo("envelope");
    }
}
