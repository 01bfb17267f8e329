package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.ticks;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.PriceTick;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Prices-socket frames: id-to-price maps, v3's Unauthorized text, and everything else. */
class PriceFrameTest {
    private static final Instant RECEIVED = Instant.parse("2018-08-06T18:52:15.317Z");

    private final CoinCapParser parser = new CoinCapParser(ApiShape.V2);

    @Test
    void stampsEveryTickWithTheReceiveInstantGiven() {
        PriceFrame.Ticks ticks = ticks(parser.parsePriceFrame(Fixtures.read("ws-prices-frame.json"), RECEIVED));

        assertThat(ticks.rejections()).isEmpty();
        assertThat(ticks.ticks()).containsExactly(
                new PriceTick("bitcoin", RECEIVED, new BigDecimal("6929.82")),
                new PriceTick("ethereum", RECEIVED, new BigDecimal("404.97")));
        assertThat(ticks.ticks()).extracting(PriceTick::ts).containsOnly(RECEIVED);
        assertThat(ticks.ticks()).allSatisfy(t -> assertThat(t.priceUsd().scale()).isEqualTo(2));
    }

    @Test
    void stampsTheInstantGivenNotTheCurrentTime() {
        Instant other = Instant.ofEpochMilli(1L);

        PriceFrame.Ticks ticks = ticks(parser.parsePriceFrame(Fixtures.read("ws-prices-frame.json"), other));

        assertThat(ticks.ticks()).extracting(PriceTick::ts).containsExactly(other, other);
    }

    @Test
    void rejectsBadEntriesOfAFrameOneByOneAndKeepsEachRawEntry() {
        PriceFrame.Ticks ticks =
                ticks(parser.parsePriceFrame(Fixtures.read("ws-prices-frame-bad-entries.json"), RECEIVED));

        assertThat(ticks.ticks()).containsExactly(
                new PriceTick("bitcoin", RECEIVED, new BigDecimal("6929.82")),
                new PriceTick("ethereum", RECEIVED, new BigDecimal("404.97")));
        assertThat(ticks.rejections()).extracting(Rejection::entity).containsOnly("price");
        assertThat(ticks.rejections()).extracting(Rejection::code).containsExactly(
                RejectCode.NEGATIVE, RejectCode.EMPTY_ID, RejectCode.NOT_A_DECIMAL, RejectCode.WRONG_TYPE);
        assertThat(ticks.rejections()).extracting(Rejection::rawItem).containsExactly(
                "{\"dogecoin\":\"-0.0025\"}",
                "{\"\":\"1.00\"}",
                "{\"monero\":\"NaN\"}",
                "{\"litecoin\":{\"price\":\"61.37\"}}");
    }

    @Test
    void recognisesTheUnauthorizedTextFrame() {
        String text = Fixtures.read("ws-unauthorized.txt");

        PriceFrame frame = parser.parsePriceFrame(text, RECEIVED);

        assertThat(frame).isEqualTo(new PriceFrame.Unauthorized("Unauthorized"));
    }

    @Test
    void reportsAnHtmlFrameAsMalformedAndKeepsItRaw() {
        String html = Fixtures.read("quirk-cloudflare.html");

        PriceFrame frame = parser.parsePriceFrame(html, RECEIVED);

        assertThat(frame).isInstanceOf(PriceFrame.Malformed.class);
        PriceFrame.Malformed malformed = (PriceFrame.Malformed) frame;
        assertThat(malformed.reason()).startsWith("not JSON: ");
        assertThat(malformed.raw()).isEqualTo(html);
    }

    @Test
    void reportsAFrameThatIsNotAnObjectAsMalformed() {
        for (String frame : new String[] {"[\"bitcoin\",\"6929.82\"]", "\"6929.82\"", "null", ""}) {
            assertThat(parser.parsePriceFrame(frame, RECEIVED))
                    .isEqualTo(new PriceFrame.Malformed("expected a JSON object of asset id to price", frame));
        }
    }

    @Test
    void rejectsOnlyThePriceWhoseJsonNumberExponentIsBeyondBigDecimal() {
        String frame = Fixtures.read("ws-prices-frame-exponent-overflow.json");

        PriceFrame.Ticks ticks = ticks(parser.parsePriceFrame(frame, RECEIVED));

        assertThat(ticks.ticks()).containsExactly(new PriceTick("bitcoin", RECEIVED, new BigDecimal("6929.82")));
        assertThat(ticks.rejections()).singleElement().satisfies(r -> {
            assertThat(r.entity()).isEqualTo("price");
            assertThat(r.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
            assertThat(r.field()).isEqualTo("ethereum");
            assertThat(r.rawItem()).contains("4.0497e2147483648");
        });
    }
}
