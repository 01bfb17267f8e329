package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.Rate;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad items mixed with good ones: each bad item becomes one rejection with its code, field and raw JSON. */
class MalformedItemsTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);

    private ParsedResponse.Page<Asset> parsed() {
        return page(v2.parseList(Entity.ASSET, Fixtures.read("quirk-malformed-items.json")));
    }

    private Rejection rejection(int index) {
        return parsed().rejections().get(index);
    }

    @Test
    void acceptsTheGoodItemsAroundTheBadOnesInResponseOrder() {
        ParsedResponse.Page<Asset> page = parsed();

        assertThat(page.items()).extracting(Asset::id).containsExactly("bitcoin", "ethereum");
        assertThat(page.items().get(1).priceUsd()).isEqualTo(new BigDecimal("404.9270040815287300"));
        assertThat(page.rejections()).hasSize(8);
        assertThat(page.rejections()).extracting(Rejection::entity).containsOnly("asset");
        assertThat(page.rejections()).extracting(Rejection::code).containsExactly(
                RejectCode.NOT_A_DECIMAL, RejectCode.NOT_AN_INTEGER, RejectCode.MISSING_FIELD, RejectCode.EMPTY_ID,
                RejectCode.NEGATIVE, RejectCode.NOT_AN_OBJECT, RejectCode.NOT_A_DECIMAL, RejectCode.WRONG_TYPE);
        assertThat(page.rejections()).extracting(Rejection::field).containsExactly(
                "priceUsd", "rank", "id", "id", "priceUsd", null, "priceUsd", "symbol");
        assertThat(page.drift().unknown()).isEmpty();
    }

    @Test
    void rejectsANonDecimalPriceAndKeepsTheRawItem() {
        Rejection abc = rejection(0);

        assertThat(abc.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
        assertThat(abc.field()).isEqualTo("priceUsd");
        assertThat(abc.detail()).isEqualTo("not a decimal: 'abc'");
        assertThat(abc.rawItem()).startsWith("{\"id\":\"ripple\"").contains("\"priceUsd\":\"abc\"");
        assertThat(abc.reason()).isEqualTo("asset.priceUsd NOT_A_DECIMAL: not a decimal: 'abc'");
    }

    @Test
    void rejectsAFractionalRankAndKeepsTheRawItem() {
        Rejection rank = rejection(1);

        assertThat(rank.code()).isEqualTo(RejectCode.NOT_AN_INTEGER);
        assertThat(rank.field()).isEqualTo("rank");
        assertThat(rank.detail()).contains("1.5");
        assertThat(rank.rawItem()).contains("\"id\":\"bitcoin-cash\"").contains("\"rank\":\"1.5\"");
    }

    @Test
    void rejectsAnItemWithoutIdAndKeepsTheRawItem() {
        Rejection missing = rejection(2);

        assertThat(missing.code()).isEqualTo(RejectCode.MISSING_FIELD);
        assertThat(missing.field()).isEqualTo("id");
        assertThat(missing.rawItem()).startsWith("{\"rank\":\"5\",\"symbol\":\"EOS\"").doesNotContain("\"id\"");
    }

    @Test
    void rejectsAnEmptyIdAndKeepsTheRawItem() {
        Rejection empty = rejection(3);

        assertThat(empty.code()).isEqualTo(RejectCode.EMPTY_ID);
        assertThat(empty.field()).isEqualTo("id");
        assertThat(empty.rawItem()).startsWith("{\"id\":\"\",").contains("\"name\":\"Stellar\"");
    }

    @Test
    void rejectsNegativePriceAndKeepsTheRawItem() {
        Rejection negative = rejection(4);

        assertThat(negative.code()).isEqualTo(RejectCode.NEGATIVE);
        assertThat(negative.field()).isEqualTo("priceUsd");
        assertThat(negative.detail()).contains("-65.1558319283740000");
        assertThat(negative.rawItem()).contains("\"id\":\"litecoin\"").contains("\"priceUsd\":\"-65.1558319283740000\"");
    }

    @Test
    void rejectsAnItemThatIsANumberRatherThanAnObject() {
        Rejection number = rejection(5);

        assertThat(number.code()).isEqualTo(RejectCode.NOT_AN_OBJECT);
        assertThat(number.field()).isNull();
        assertThat(number.detail()).isEqualTo("item is a number, not an object");
        assertThat(number.rawItem()).isEqualTo("42");
        assertThat(number.reason()).isEqualTo("asset NOT_AN_OBJECT: item is a number, not an object");
    }

    @Test
    void rejectsANaNPriceStringAndKeepsTheRawItem() {
        Rejection nan = rejection(6);

        assertThat(nan.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
        assertThat(nan.field()).isEqualTo("priceUsd");
        assertThat(nan.detail()).isEqualTo("not a decimal: 'NaN'");
        assertThat(nan.rawItem()).contains("\"id\":\"cardano\"").contains("\"priceUsd\":\"NaN\"");
    }

    @Test
    void rejectsAnObjectInAStringFieldAndKeepsTheRawItem() {
        Rejection wrongType = rejection(7);

        assertThat(wrongType.code()).isEqualTo(RejectCode.WRONG_TYPE);
        assertThat(wrongType.field()).isEqualTo("symbol");
        assertThat(wrongType.detail()).isEqualTo("expected a string, got {\"text\":\"XMR\"}");
        assertThat(wrongType.rawItem()).contains("\"id\":\"monero\"").contains("\"symbol\":{\"text\":\"XMR\"}");
    }

    @Test
    void keepsEveryRejectedObjectsRawJsonExactlyAsSent() {
        String body = Fixtures.read("quirk-malformed-items.json");

        assertThat(parsed().rejections()).allSatisfy(r -> assertThat(body).contains(r.rawItem()));
    }

    @Test
    void rejectsAJsonNumberWhoseScaleIsOutOfBoundsOrAStringExponentBeyondRangeButKeepsTheRest() {
        ParsedResponse.Page<Rate> page =
                page(v2.parseList(Entity.RATE, Fixtures.read("quirk-number-exponent-huge.json")));

        assertThat(page.items()).extracting(Rate::id).containsExactly("bitcoin", "euro");
        List<Rejection> rejections = page.rejections();
        assertThat(rejections).extracting(Rejection::code)
                .containsExactly(RejectCode.NOT_A_DECIMAL, RejectCode.NOT_A_DECIMAL);
        assertThat(rejections).extracting(Rejection::field).containsExactly("rateUsd", "rateUsd");
        assertThat(rejections.get(0).detail()).contains("out of range").contains("scale -2147483647");
        assertThat(rejections.get(0).rawItem()).contains("\"id\":\"ves\"");
        assertThat(rejections.get(1).detail()).isEqualTo("decimal out of range: '1e99999999999'");
        assertThat(rejections.get(1).rawItem()).contains("\"rateUsd\":\"1e99999999999\"");
    }

    @Test
    void rejectsOnlyTheItemWhoseJsonNumberExponentIsBeyondBigDecimalAndKeepsItsText() {
        ParsedResponse.Page<Rate> page =
                page(v2.parseList(Entity.RATE, Fixtures.read("quirk-number-exponent-overflow.json")));

        assertThat(page.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
            assertThat(r.field()).isEqualTo("rateUsd");
            assertThat(r.detail()).isEqualTo("decimal out of range: '1e99999999999'");
            assertThat(r.rawItem()).contains("\"id\":\"ves\"").contains("1e99999999999");
        });
        assertThat(page.timestamp()).isPresent();
    }

    @Test
    void readsTheOtherJsonNumbersOfABodyWithAnUnrepresentableNumberExactly() {
        ParsedResponse.Page<Rate> page =
                page(v2.parseList(Entity.RATE, Fixtures.read("quirk-number-exponent-overflow.json")));

        assertThat(page.items()).extracting(Rate::id).containsExactly("bitcoin", "british-pound-sterling");
        assertThat(page.items().get(0).rateUsd()).isEqualTo(new BigDecimal("6441.6815718340870000"));
        BigDecimal pound = page.items().get(1).rateUsd();
        assertThat(pound).isEqualTo(new BigDecimal("1.2300"));
        assertThat(pound.scale()).isEqualTo(4);
        assertThat(page.accepted().get(1).raw()).contains("\"rateUsd\":1.2300");
    }

    @Test
    void driftCountsEveryObjectItemIncludingTheRejectedOnes() throws Exception {
        String body = Fixtures.read("quirk-malformed-items.json");
        JsonNode data = new ObjectMapper().readTree(body).get("data");
        int objectsWithoutExplorer = 0;
        for (JsonNode item : data) {
            if (item.isObject() && !item.has("explorer")) {
                objectsWithoutExplorer++;
            }
        }
        assertThat(objectsWithoutExplorer).as("the fixture must exercise this").isGreaterThan(2);
        assertThat(parsed().drift().missing()).containsEntry("explorer", objectsWithoutExplorer);
    }
}
