package io.cryptopipe.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.source.Endpoints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTemplatesTest {
    @Test
    void listsKeepTheirPath() {
        assertThat(EndpointTemplates.of(Endpoints.assets())).isEqualTo("/assets");
        assertThat(EndpointTemplates.of(Endpoints.assets("bit", List.of("bitcoin", "ethereum")))).isEqualTo("/assets");
        assertThat(EndpointTemplates.of(Endpoints.rates())).isEqualTo("/rates");
        assertThat(EndpointTemplates.of(Endpoints.exchanges())).isEqualTo("/exchanges");
        assertThat(EndpointTemplates.of(Endpoints.markets(Map.of("exchangeId", "binance")))).isEqualTo("/markets");
    }

    @Test
    void idsBecomeAPlaceholderWhateverTheyHold() {
        assertThat(EndpointTemplates.of(Endpoints.history("bitcoin", "m5", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60)))).isEqualTo("/assets/{id}/history");
        assertThat(EndpointTemplates.of(Endpoints.history("são-tomé-(pre 2018)", "d1", null, null)))
                .isEqualTo("/assets/{id}/history");
        assertThat(EndpointTemplates.of(Endpoints.assetMarkets("ethereum"))).isEqualTo("/assets/{id}/markets");
        assertThat(EndpointTemplates.of(Endpoints.asset("bitcoin"))).isEqualTo("/assets/{id}");
        assertThat(EndpointTemplates.of(Endpoints.rate("euro"))).isEqualTo("/rates/{id}");
        assertThat(EndpointTemplates.of(Endpoints.exchange("binance"))).isEqualTo("/exchanges/{id}");
    }

    @Test
    void oddCollectionNamesCannotWidenTheTag() {
        assertThat(EndpointTemplates.of(List.of("weird name/with?chars"))).isEqualTo("/other");
        assertThat(EndpointTemplates.of(List.of())).isEqualTo("/");
    }
}
