package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.Asset;
import io.cryptopipe.core.model.AssetMarket;
import io.cryptopipe.core.model.Exchange;
import io.cryptopipe.core.model.HistoryPoint;
import io.cryptopipe.core.model.Market;
import io.cryptopipe.core.model.Rate;
import io.cryptopipe.core.parse.CoinCapParser;
import io.cryptopipe.core.parse.Entity;
import io.cryptopipe.core.parse.FieldDrift;
import io.cryptopipe.core.parse.ParsedResponse;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator over real HTTP, read through the product's parser: paging, filters, error bodies, and a market
 * that is consistent with itself. One simulator with a frozen clock serves the class, so ranks cannot shift between
 * pages unless a test wants them to.
 */
class SimulatorHttpIT {
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final SimulatorConfig SMALL = new SimulatorConfig("127.0.0.1", 0, 250, 20, 1_500, 7, 1);

    static Simulator simulator;
    static HttpFixture http;
    static final CoinCapParser V2 = new CoinCapParser(ApiShape.V2);
    static final CoinCapParser V3 = new CoinCapParser(ApiShape.V3);

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.start(SMALL, Clock.fixed(NOW, ZoneOffset.UTC));
        http = new HttpFixture(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void pagingWithLimitAndOffsetReturnsEveryAssetExactlyOnceUntilAShortPage() {
        List<String> ids = new ArrayList<>();
        int pages = 0;
        for (int offset = 0; ; offset += 100) {
            List<Asset> page = page(V3, Entity.ASSET, "/v3/assets?limit=100&offset=" + offset);
            pages++;
            page.forEach(a -> ids.add(a.id()));
            if (page.size() < 100) {
                break;
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(page(V3, Entity.ASSET, "/v3/assets?limit=2000&offset=250")).isEmpty();
    }

    @Test
    void ranksFollowMarketCapAndPagesContinueTheRanking() {
        List<Asset> first = page(V2, Entity.ASSET, "/v2/assets?limit=50");
        List<Asset> second = page(V2, Entity.ASSET, "/v2/assets?limit=50&offset=50");
        assertThat(first.get(0).rank()).isEqualTo(1);
        assertThat(second.get(0).rank()).isEqualTo(51);
        List<Asset> all = new ArrayList<>(first);
        all.addAll(second);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).marketCapUsd()).isLessThanOrEqualTo(all.get(i - 1).marketCapUsd());
        }
    }

    @Test
    void defaultPageSizesFollowTheVersion() {
        assertThat(page(V2, Entity.ASSET, "/v2/assets")).hasSize(100);
        assertThat(page(V3, Entity.ASSET, "/v3/assets")).hasSize(100);
        assertThat(page(V2, Entity.MARKET, "/v2/markets")).hasSize(100);
        assertThat(page(V3, Entity.MARKET, "/v3/markets")).hasSize(10);
        assertThat(page(V2, Entity.EXCHANGE, "/v2/exchanges")).hasSize(20);
        assertThat(page(V3, Entity.EXCHANGE, "/v3/exchanges")).hasSize(10);
    }

    @Test
    void limitAbove2000IsRefusedWithTheApiMessage() {
        HttpFixture.Answer answer = http.get("/v2/assets?limit=2001");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(V2.parseError(400, answer.body()).message()).isEqualTo("limit exceeds 2000");
        assertThat(answer.body()).contains("\"timestamp\":" + NOW.toEpochMilli());
    }

    @Test
    void badPagingParametersAreRefusedInEachVersionsWords() {
        assertThat(errorOf("/v2/assets?limit=abc")).isEqualTo(400);
        assertThat(V3.parseError(400, http.get("/v3/markets?offset=-1").body()).message())
                .isEqualTo("Invalid query parameters");
    }

    @Test
    void searchMatchesIdSymbolOrNameCaseInsensitively() {
        List<Asset> found = page(V3, Entity.ASSET, "/v3/assets?search=BIT");
        assertThat(found).extracting(Asset::id).contains("bitcoin", "bitcoin-cash");
        assertThat(found).allSatisfy(a -> assertThat((a.id() + a.symbol() + a.name()).toLowerCase()).contains("bit"));
    }

    @Test
    void idsFilterReturnsExactlyThoseAssetsInRankOrder() {
        List<Asset> found = page(V3, Entity.ASSET, "/v3/assets?ids=ethereum,bitcoin,not-an-asset");
        assertThat(found).extracting(Asset::id).containsExactly("bitcoin", "ethereum");
    }

    @Test
    void marketFiltersSelectByExchangeBaseQuoteAndEitherSide() {
        assertThat(page(V2, Entity.MARKET, "/v2/markets?exchangeId=binance&limit=2000"))
                .isNotEmpty().allSatisfy(m -> assertThat(m.exchangeId()).isEqualTo("binance"));
        assertThat(page(V2, Entity.MARKET, "/v2/markets?baseSymbol=btc&limit=2000"))
                .isNotEmpty().allSatisfy(m -> assertThat(m.baseSymbol()).isEqualTo("BTC"));
        assertThat(page(V2, Entity.MARKET, "/v2/markets?quoteId=tether&limit=2000"))
                .isNotEmpty().allSatisfy(m -> assertThat(m.quoteId()).isEqualTo("tether"));
        List<Market> eitherSide = page(V2, Entity.MARKET, "/v2/markets?assetId=ethereum&limit=2000");
        assertThat(eitherSide).allSatisfy(m -> assertThat(List.of(m.baseId(), m.quoteId())).contains("ethereum"));
        assertThat(eitherSide).anySatisfy(m -> assertThat(m.baseId()).isEqualTo("ethereum"));
        assertThat(eitherSide).anySatisfy(m -> assertThat(m.quoteId()).isEqualTo("ethereum"));
    }

    @Test
    void v3RatesFilterByIdsAndIdsWithAccentsAndParenthesesResolve() {
        assertThat(page(V3, Entity.RATE, "/v3/rates?ids=euro,bitcoin")).extracting(Rate::id)
                .containsExactlyInAnyOrder("euro", "bitcoin");
        String id = "são-tomé-and-príncipe-dobra-(pre-2018)";
        Rate rate = one(V2, Entity.RATE, "/v2/rates/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertThat(rate.id()).isEqualTo(id);
        assertThat(rate.currencySymbol()).isNull();
        assertThat(one(V2, Entity.RATE, "/v2/rates/bitcoin").currencySymbol()).isEqualTo("₿");
    }

    @Test
    void unknownIdsAnswer404WithTheApiErrorBody() {
        assertThat(V3.parseError(404, http.get("/v3/assets/bitcoinx").body()).message())
                .isEqualTo("bitcoinx not found");
        assertThat(V3.parseError(404, http.get("/v3/exchanges/nope").body()).message())
                .isEqualTo("Exchange not found");
        assertThat(V3.parseError(404, http.get("/v3/rates/nope").body()).message())
                .isEqualTo("Conversion rate not found");
        assertThat(V2.parseError(404, http.get("/v2/exchanges/nope").body()).message()).isEqualTo("nope not found");
        assertThat(errorOf("/v4/assets")).isEqualTo(404);
        assertThat(errorOf("/v2/assets/bitcoin/candles")).isEqualTo(404);
    }

    @Test
    void historyValidatesIntervalAndRangeLikeCoinCap() {
        assertThat(messageOf("/v2/assets/bitcoin/history")).isEqualTo("missing interval");
        assertThat(messageOf("/v2/assets/bitcoin/history?interval=m2"))
                .isEqualTo("use valid interval: m1, m5, m15, m30, h1, h2, h6, h12, d1");
        assertThat(messageOf("/v2/assets/bitcoin/history?interval=m1&start=1")).isEqualTo("query requires end");
        assertThat(messageOf("/v2/assets/bitcoin/history?interval=m1&end=1")).isEqualTo("query requires start");
    }

    @Test
    void historyAtAMinuteEqualsTheLivePriceAtThatMinute() {
        long end = NOW.toEpochMilli();
        List<HistoryPoint> points = page(V2, Entity.HISTORY,
                "/v2/assets/bitcoin/history?interval=m1&start=" + (end - 3_600_000) + "&end=" + end);
        assertThat(points).hasSize(61);
        assertThat(points.get(60).time()).isEqualTo(NOW);
        Asset live = one(V2, Entity.ASSET, "/v2/assets/bitcoin");
        assertThat(points.get(60).priceUsd()).isEqualTo(live.priceUsd());
        assertThat(points.get(60).circulatingSupply()).isEqualTo(live.supply());
        assertThat(page(V2, Entity.HISTORY, "/v2/assets/bitcoin/history?interval=d1")).hasSize(365);
    }

    @Test
    void marketCapIsServedSupplyTimesServedPrice() {
        for (Asset a : page(V3, Entity.ASSET, "/v3/assets?limit=2000")) {
            assertThat(a.marketCapUsd())
                    .isEqualTo(a.supply().multiply(a.priceUsd()).setScale(18, RoundingMode.HALF_EVEN));
            assertThat(a.priceUsd().scale()).isEqualTo(18);
        }
        for (Asset a : page(V2, Entity.ASSET, "/v2/assets?limit=2000")) {
            assertThat(a.priceUsd().scale()).isEqualTo(16);
        }
    }

    @Test
    void marketsQuoteExistingAssetsOnLiveExchangesNearTheAssetPrice() {
        Map<String, Asset> assets = byId(page(V3, Entity.ASSET, "/v3/assets?limit=2000"), Asset::id);
        Map<String, Exchange> exchanges = byId(page(V3, Entity.EXCHANGE, "/v3/exchanges?limit=2000"),
                Exchange::exchangeId);
        List<Market> markets = allMarkets();
        assertThat(markets).hasSize(SMALL.markets());
        Set<String> keys = new HashSet<>();
        for (Market m : markets) {
            assertThat(keys.add(m.key())).as("unique %s", m.key()).isTrue();
            assertThat(assets).containsKeys(m.baseId(), m.quoteId());
            assertThat(exchanges).containsKey(m.exchangeId());
            BigDecimal basePrice = assets.get(m.baseId()).priceUsd();
            BigDecimal deviation = m.priceUsd().subtract(basePrice).abs().divide(basePrice, MathContext.DECIMAL64);
            assertThat(deviation).isLessThan(new BigDecimal("0.01"));
        }
        Map<String, Long> pairs = markets.stream().collect(Collectors.groupingBy(Market::exchangeId,
                Collectors.counting()));
        for (Exchange e : exchanges.values()) {
            assertThat((long) e.tradingPairs()).isEqualTo(pairs.getOrDefault(e.exchangeId(), 0L));
            if (e.tradingPairs() == 0) {
                assertThat(e.volumeUsd()).isNull();
                assertThat(e.updated()).isNull();
            }
        }
    }

    @Test
    void assetMarketsNameExchangesByDisplayName() {
        List<AssetMarket> markets = page(V2, Entity.ASSET_MARKET, "/v2/assets/bitcoin/markets?limit=2000");
        assertThat(markets).isNotEmpty().allSatisfy(m -> assertThat(m.baseId()).isEqualTo("bitcoin"));
        assertThat(markets).extracting(AssetMarket::exchangeName).contains("Binance");
    }

    @Test
    void everythingServedParsesWithoutRejectionsOrDrift() {
        for (CoinCapParser parser : List.of(V2, V3)) {
            String v = "/" + parser.shape().segment();
            clean(parser, Entity.ASSET, v + "/assets?limit=2000");
            clean(parser, Entity.RATE, v + "/rates");
            clean(parser, Entity.EXCHANGE, v + "/exchanges?limit=2000");
            clean(parser, Entity.MARKET, v + "/markets?limit=2000");
            clean(parser, Entity.ASSET_MARKET, v + "/assets/ethereum/markets?limit=2000");
            clean(parser, Entity.HISTORY, v + "/assets/tether/history?interval=h1");
        }
    }

    @Test
    void largeBodiesAreGzippedWhenTheClientAsks() {
        HttpFixture.Answer plain = http.get("/v3/assets?limit=2000");
        HttpFixture.Answer gzipped = http.getGzip("/v3/assets?limit=2000");
        assertThat(gzipped.encoding()).isEqualTo("gzip");
        assertThat(gzipped.body()).isEqualTo(plain.body());
        assertThat(gzipped.wireBytes()).isLessThan(plain.wireBytes() / 3);
    }

    private void clean(CoinCapParser parser, Entity<?> entity, String path) {
        ParsedResponse<?> parsed = parser.parseList(entity, http.get(path).body());
        assertThat(parsed).as(path).isInstanceOf(ParsedResponse.Page.class);
        ParsedResponse.Page<?> page = (ParsedResponse.Page<?>) parsed;
        assertThat(page.rejections()).as(path).isEmpty();
        assertThat(page.accepted()).as(path).isNotEmpty();
        assertThat(page.warnings()).as(path).isEmpty();
        assertThat(page.drift()).as(path).isEqualTo(FieldDrift.NONE);
    }

    private List<Market> allMarkets() {
        List<Market> all = new ArrayList<>();
        for (int offset = 0; ; offset += 2000) {
            List<Market> page = page(V3, Entity.MARKET, "/v3/markets?limit=2000&offset=" + offset);
            all.addAll(page);
            if (page.size() < 2000) {
                return all;
            }
        }
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, t -> t));
    }

    private int errorOf(String path) {
        return http.get(path).status();
    }

    private String messageOf(String path) {
        HttpFixture.Answer answer = http.get(path);
        assertThat(answer.status()).isEqualTo(400);
        return V2.parseError(400, answer.body()).message();
    }

    static <T> List<T> page(CoinCapParser parser, Entity<T> entity, String path) {
        HttpFixture.Answer answer = http.get(path);
        assertThat(answer.status()).as(path).isEqualTo(200);
        ParsedResponse<T> parsed = parser.parseList(entity, answer.body());
        assertThat(parsed).as(path).isInstanceOf(ParsedResponse.Page.class);
        ParsedResponse.Page<T> page = (ParsedResponse.Page<T>) parsed;
        assertThat(page.rejections()).as(path).isEmpty();
        return page.items();
    }

    static <T> T one(CoinCapParser parser, Entity<T> entity, String path) {
        HttpFixture.Answer answer = http.get(path);
        assertThat(answer.status()).as(path).isEqualTo(200);
        ParsedResponse.Page<T> page = (ParsedResponse.Page<T>) parser.parseOne(entity, answer.body());
        assertThat(page.items()).as(path).hasSize(1);
        return page.items().get(0);
    }
}
