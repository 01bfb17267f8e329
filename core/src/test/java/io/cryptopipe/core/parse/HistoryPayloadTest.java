package io.cryptopipe.core.parse;

import static io.cryptopipe.core.parse.Responses.page;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.core.model.HistoryPoint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /assets/{id}/history: 2018 d1 points with price and time only, 2021 m1 points with supply and ISO date. */
class HistoryPayloadTest {
    private final CoinCapParser v2 = new CoinCapParser(ApiShape.V2);

    @Test
    void reads2018DailyPointsWithPriceAndTimeOnly() {
        ParsedResponse.Page<HistoryPoint> page =
                page(v2.parseList(Entity.HISTORY, Fixtures.read("v2-history-d1-2018.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.items()).containsExactly(
                new HistoryPoint(Instant.parse("2018-07-01T00:00:00Z"), new BigDecimal("6385.8193921472690000"), null),
                new HistoryPoint(Instant.parse("2018-07-02T00:00:00Z"), new BigDecimal("6489.4187823901230000"), null),
                new HistoryPoint(Instant.parse("2018-07-03T00:00:00Z"), new BigDecimal("6608.1734190845710000"), null),
                new HistoryPoint(Instant.parse("2018-07-04T00:00:00Z"), new BigDecimal("6597.3312604917540000"), null));
    }

    @Test
    void countsThe2018AbsentSupplyAndDateAsMissingDrift() {
        ParsedResponse.Page<HistoryPoint> page =
                page(v2.parseList(Entity.HISTORY, Fixtures.read("v2-history-d1-2018.json")));

        assertThat(page.drift().missing()).isEqualTo(Map.of("circulatingSupply", 4, "date", 4));
        assertThat(page.drift().unknown()).isEmpty();
    }

    @Test
    void reads2021MinutePointsWithSupplyAndAnAgreeingIsoDate() {
        ParsedResponse.Page<HistoryPoint> page =
                page(v2.parseList(Entity.HISTORY, Fixtures.read("v2-history-m1-2021.json")));

        assertThat(page.rejections()).isEmpty();
        assertThat(page.drift().isEmpty()).isTrue();
        assertThat(page.timestamp()).contains(Instant.ofEpochMilli(1624560480163L));
        assertThat(page.items()).extracting(HistoryPoint::time).containsExactly(
                Instant.parse("2021-06-24T18:45:00Z"),
                Instant.parse("2021-06-24T18:46:00Z"),
                Instant.parse("2021-06-24T18:47:00Z"));
        HistoryPoint first = page.items().get(0);
        assertThat(first.priceUsd()).isEqualTo(new BigDecimal("34467.3290281917340000"));
        assertThat(first.circulatingSupply()).isEqualTo(new BigDecimal("18744887.0000000000000000"));
        assertThat(first.circulatingSupply().scale()).isEqualTo(16);
    }

    @Test
    void rejectsADateThatDisagreesWithTimeOrIsNotIsoAndKeepsTheRawItem() {
        ParsedResponse.Page<HistoryPoint> page =
                page(v2.parseList(Entity.HISTORY, Fixtures.read("quirk-history-date-disagrees.json")));

        assertThat(page.items()).extracting(HistoryPoint::time).containsExactly(Instant.parse("2021-06-24T18:45:00Z"));
        assertThat(page.rejections()).hasSize(2);

        Rejection disagrees = page.rejections().get(0);
        assertThat(disagrees.entity()).isEqualTo("history");
        assertThat(disagrees.code()).isEqualTo(RejectCode.BAD_TIME);
        assertThat(disagrees.field()).isEqualTo("date");
        assertThat(disagrees.detail()).contains("2021-06-24T18:47:00Z").contains("2021-06-24T18:46:00Z");
        assertThat(disagrees.rawItem())
                .contains("\"time\":1624560360000")
                .contains("\"date\":\"2021-06-24T18:47:00.000Z\"");

        Rejection notIso = page.rejections().get(1);
        assertThat(notIso.code()).isEqualTo(RejectCode.BAD_TIME);
        assertThat(notIso.field()).isEqualTo("date");
        assertThat(notIso.rawItem()).contains("\"date\":\"24/06/2021 18:47\"");
    }
}
