package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptopipe.core.config.ResolvedConfig;
import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.source.ClientSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings from the configuration: the entities it names, their intervals, and the source as it may be shown. */
class IngestSettingsTest {
    @Test
    void theSimulatorPollsTheConfiguredEntitiesAtTheFreeIntervalsUnlessOneIsGiven() {
        ResolvedConfig config = ResolvedConfig.resolve(Map.of("entities", "markets,assets", "poll-markets", "5s"),
                Map.of());
        IngestSettings settings = IngestSettings.from(config,
                ClientSettings.from(config, URI.create("http://127.0.0.1:9000/v3"), ApiShape.V3));
        assertThat(settings.intervals()).containsExactly(Map.entry("assets", Duration.ofSeconds(10)),
                Map.entry("markets", Duration.ofSeconds(5)));
        assertThat(settings.source()).isEqualTo("http://127.0.0.1:9000/v3");
        assertThat(settings.api()).isEqualTo("v3");
    }

    @Test
    void aBilledKeyFitsTheBudgetAndTheKeyNeverShows() {
        ResolvedConfig config = ResolvedConfig.resolve(Map.of("entities", "assets", "coincap-key-mode", "query"),
                Map.of("COINCAP_API_KEY", "ck_secret"));
        ClientSettings client = ClientSettings.from(config,
                URI.create("https://rest.coincap.io/v3?apiKey=ck_secret"), ApiShape.V3);
        IngestSettings settings = IngestSettings.from(config, client);
        assertThat(settings.intervals()).containsExactly(Map.entry("assets", Duration.ofMinutes(36)));
        assertThat(settings.source()).doesNotContain("ck_secret");
    }

    @Test
    void onlyKnownEntitiesWithPositiveIntervals() {
        assertThatThrownBy(() -> new IngestSettings(Map.of("candles", Duration.ofSeconds(1)), "s", "v3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IngestSettings(Map.of("assets", Duration.ZERO), "s", "v3"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
