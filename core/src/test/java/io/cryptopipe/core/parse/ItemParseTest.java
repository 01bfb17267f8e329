package io.cryptopipe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import org.junit.jupiter.api.Test;

/** The stream parses one item at a time, exactly as the page parser would have. */
class ItemParseTest {
    private final CoinCapParser parser = new CoinCapParser(ApiShape.V3);

    @Test
    void acceptsAnItemWithItsDigitsAndScaleAndKeepsItsRawText() {
        String raw = "{\"id\":\"bitcoin\",\"rank\":\"1\",\"symbol\":\"BTC\",\"name\":\"Bitcoin\",\"supply\":\"19500000.0\","
                + "\"maxSupply\":\"21000000.0000\",\"marketCapUsd\":\"1.50\",\"volumeUsd24Hr\":\"0.000000000000000100\","
                + "\"priceUsd\":\"98765.432100000000000000\",\"changePercent24Hr\":null,\"vwap24Hr\":null,"
                + "\"explorer\":null,\"tokens\":{}}";
        ParsedResponse.Page<Asset> page = (ParsedResponse.Page<Asset>) parser.parseItem(Entity.ASSET, raw);
        assertThat(page.rejections()).isEmpty();
        Asset asset = page.items().get(0);
        assertThat(asset.priceUsd().toPlainString()).isEqualTo("98765.432100000000000000");
        assertThat(asset.volumeUsd24Hr().toPlainString()).isEqualTo("0.000000000000000100");
        assertThat(page.accepted().get(0).raw()).isEqualTo(raw);
        assertThat(page.timestamp()).isEmpty();
    }

    @Test
    void rejectsAnItemWithoutIdWithItsReasonInsteadOfThrowing() {
        ParsedResponse.Page<Asset> page = (ParsedResponse.Page<Asset>) parser.parseItem(Entity.ASSET,
                "{\"rank\":\"1\",\"symbol\":\"BTC\"}");
        assertThat(page.accepted()).isEmpty();
        assertThat(page.rejections()).singleElement().satisfies(r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    void reportsTextThatIsNotJsonAsAMalformedFailure() {
        assertThat(parser.parseItem(Entity.ASSET, "{\"id\":")).isInstanceOfSatisfying(ParsedResponse.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED));
        assertThat(parser.parseItem(Entity.ASSET, "")).isInstanceOf(ParsedResponse.Failure.class);
    }

    @Test
    void rejectsAnItemThatIsNotAnObject() {
        ParsedResponse.Page<Asset> page = (ParsedResponse.Page<Asset>) parser.parseItem(Entity.ASSET, "[1,2]");
        assertThat(page.rejections()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo(RejectCode.NOT_AN_OBJECT));
    }
}
