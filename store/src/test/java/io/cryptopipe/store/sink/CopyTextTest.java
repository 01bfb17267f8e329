package io.cryptopipe.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void backslashNewlineCarriageReturnAndTabAreEscaped() throws IOException {
        assertThat(field("a\\b\nc\rd\te")).isEqualTo("a\\\\b\\nc\\rd\\te");
    }

    @Test
    void nullIsBackslashNWhileTheTextBackslashNAndTheEmptyStringStayText() throws IOException {
        assertThat(field(null)).isEqualTo("\\N");
        assertThat(field("\\N")).isEqualTo("\\\\N");
        assertThat(field("")).isEmpty();
    }

    @Test
    void theEndOfDataMarkerCannotAppearBecauseEveryBackslashIsDoubled() throws IOException {
        assertThat(field("\\.")).isEqualTo("\\\\.");
    }

    @Test
    void nonAsciiTextPassesUnchanged() throws IOException {
        String name = "são-tomé-and-príncipe-dobra-(pre-2018) 🚀 Ünïcode";
        assertThat(field(name)).isEqualTo(name);
    }

    @Test
    void decimalsAndTimestampsPassUnchangedWithTheirScale() throws IOException {
        for (String value : List.of("0.1234567890123456789012345678901234567890", "98765.432100000000000000",
                "0.000000000000000100", "-0.000100", "2026-11-27T10:15:30.123Z")) {
            assertThat(field(value)).isEqualTo(value);
        }
    }

    @Test
    void aValueHoldingNulIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> field("a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price_usd")
                .hasMessageContaining("U+0000");
    }

    @Test
    void aRowIsTabSeparatedValuesThenItsOrderThenANewline() throws IOException {
        StringBuilder out = new StringBuilder();
        CopyText.appendRow(out, List.of("id", "name", "price_usd"), Arrays.asList("bitcoin", null, "1.50"), 42);
        CopyText.appendRow(out, List.of("id", "name", "price_usd"), Arrays.asList("a\tb", "", "2"), 43);
        assertThat(out).hasToString("bitcoin\t\\N\t1.50\t42\na\\tb\t\t2\t43\n");
    }

    @Test
    void aRowWithMoreOrFewerValuesThanColumnsIsRefused() {
        assertThatThrownBy(() -> CopyText.appendRow(new StringBuilder(), List.of("id", "name"), List.of("x"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 values for the 2 columns");
    }

    private static String field(String value) throws IOException {
        StringBuilder out = new StringBuilder();
        CopyText.appendField(out, "price_usd", value);
        return out.toString();
    }
}
