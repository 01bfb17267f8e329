package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.failure;
import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whole-body outcomes: deprecation, API errors, non-JSON, empty bodies, wrong data kinds, missing timestamp. */
class EnvelopeTest {
    private static final String DEPRECATION = "We are deprecating this version of the CoinCap API on March 31, 2025. "
            + "Sign up for our new V3 API at https://pro.coincap.io/dashboard";

    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);
    private final CoinCapParser v3 = new CoinCapParser(ApiShape.V3);

    @Test
    void reportsTheV2ShutdownBodyAsDeprecatedWithTheApisMessageOnListAndSingleEndpoints() {
        String body = Fixtures.read("v2-deprecated.json");

        for (ParsedResponse<?> response : new ParsedResponse<?>[] {
                v2.parseList(Entity.ASSET, body), v2.parseOne(Entity.ASSET, body),
                v2.parseList(Entity.RATE, body), v2.parseList(Entity.HISTORY, body)}) {
            ParsedResponse.Failure<?> failure = failure(response);
            assertThat(failure.kind()).isEqualTo(ParsedResponse.Kind.DEPRECATED);
            assertThat(failure.message()).isEqualTo(DEPRECATION).contains("March 31, 2025");
            assertThat(failure.body()).isEqualTo(body);
        }
    }

    @Test
    void reportsAnErrorBodyOnASuccessStatusAsApiErrorWithItsMessage() {
        String body = Fixtures.read("v3-404-bitcoinx.json");

        ParsedResponse.Failure<Asset> failure = failure(v3.parseOne(Entity.ASSET, body));

        assertThat(failure.kind()).isEqualTo(ParsedResponse.Kind.API_ERROR);
        assertThat(failure.message()).isEqualTo("bitcoinx not found");
        assertThat(failure.body()).isEqualTo(body);
    }

    @Test
    void readsTheErrorStringOfAV3NotFoundBody() {
        String body = Fixtures.read("v3-404-bitcoinx.json");

        assertThat(v3.parseError(404, body)).isEqualTo(new ApiError(404, "bitcoinx not found", body));
    }

    @Test
    void reportsACloudflareHtmlPageAsMalformedAndKeepsTheBody() {
        String html = Fixtures.read("quirk-cloudflare.html");

        ParsedResponse.Failure<Asset> failure = failure(v2.parseList(Entity.ASSET, html));

        assertThat(failure.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED);
        assertThat(failure.message()).startsWith("not JSON: ").contains("'<'");
        assertThat(failure.body()).isEqualTo(html);
    }

    @Test
    void readsAnHtmlErrorPageAsAnExcerptOfTwoHundredCharactersAndKeepsTheWholeBody() {
        String html = Fixtures.read("quirk-cloudflare.html");

        ApiError error = v2.parseError(403, html);

        assertThat(error.status()).isEqualTo(403);
        assertThat(error.message()).isEqualTo(html.strip().substring(0, 200) + "...");
        assertThat(error.message()).startsWith("<!DOCTYPE html>");
        assertThat(error.body()).isEqualTo(html);
    }

    @Test
    void reportsAnEmptyBodyAsMalformed() {
        String empty = Fixtures.read("quirk-empty-body.txt");
        assertThat(empty).isEmpty();

        ParsedResponse.Failure<Asset> list = failure(v2.parseList(Entity.ASSET, empty));
        ParsedResponse.Failure<Asset> one = failure(v2.parseOne(Entity.ASSET, empty));

        assertThat(list.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED);
        assertThat(list.message()).isEqualTo("empty body");
        assertThat(list.body()).isEmpty();
        assertThat(one.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED);
        assertThat(v2.parseError(502, empty)).isEqualTo(new ApiError(502, "(empty body)", ""));
    }

    @Test
    void parsesTheItemsOfAnEnvelopeWithoutTimestampAndWarnsAboutIt() {
        ParsedResponse.Page<Rate> page = page(v2.parseList(Entity.RATE, Fixtures.read("quirk-missing-timestamp.json")));

        assertThat(page.timestamp()).isEmpty();
        assertThat(page.warnings()).containsExactly("envelope has no timestamp");
        assertThat(page.rejections()).isEmpty();
        assertThat(page.items()).extracting(Rate::id).containsExactly("bitcoin", "euro");
        assertThat(page.items().get(1).rateUsd()).isEqualTo(new BigDecimal("1.1627906976744200"));
    }

    @Test
    void reportsAnObjectWhereAListIsExpectedAsMalformed() {
        String body = Fixtures.read("quirk-data-object-for-list.json");

        ParsedResponse.Failure<Rate> failure = failure(v2.parseList(Entity.RATE, body));

        assertThat(failure.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED);
        assertThat(failure.message()).isEqualTo("data is an object where a list of rate items was expected");
        assertThat(failure.body()).isEqualTo(body);
    }

    @Test
    void readsTheSameObjectBodyOnASingleItemEndpoint() {
        ParsedResponse.Page<Rate> page =
                page(v2.parseOne(Entity.RATE, Fixtures.read("quirk-data-object-for-list.json")));

        assertThat(page.items()).containsExactly(
                new Rate("bitcoin", "BTC", "\u20bf", "crypto", new BigDecimal("6441.6815718340870000")));
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1536321600000L));
    }

    @Test
    void reportsAListWhereOneObjectIsExpectedAsMalformed() {
        ParsedResponse.Failure<Asset> failure =
                failure(v2.parseOne(Entity.ASSET, Fixtures.read("v2-assets-2018.json")));

        assertThat(failure.kind()).isEqualTo(ParsedResponse.Kind.MALFORMED);
        assertThat(failure.message()).isEqualTo("data is an array where one asset object was expected");
    }

    @Test
    void readsAnErrorBodyHoldingAJsonNumberBeyondBigDecimalAsAnExcerptInsteadOfThrowing() {
        String body = Fixtures.read("quirk-number-exponent-overflow.json");

        assertThat(v2.parseError(500, body)).isEqualTo(new ApiError(500, body.substring(0, 200) + "...", body));
    }
}
