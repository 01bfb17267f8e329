package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.model.ApiShape;
import io.cryptopipe.source.ClientSettings;
import io.cryptopipe.source.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How often up reads an external API: a credit budget must last the day. */
class UpCommandTest {

    @Test
    void withACreditBudgetPollsAreSpacedSoADayOfThemFits() {
        // 80 credits a day, 2 requests of 1 credit per poll: 40 polls a day, one every 36 minutes.
        assertThat(UpCommand.externalInterval(settings(Optional.of(80L), 1))).isEqualTo(Duration.ofMinutes(36));
        assertThat(UpCommand.externalInterval(settings(Optional.of(80L), 2))).isEqualTo(Duration.ofMinutes(72));
    }

    @Test
    void withoutABudgetOrWithALargeOnePollsComeOnceAMinute() {
        assertThat(UpCommand.externalInterval(settings(Optional.empty(), 1))).isEqualTo(Duration.ofMinutes(1));
        assertThat(UpCommand.externalInterval(settings(Optional.of(1_000_000L), 1))).isEqualTo(Duration.ofMinutes(1));
    }

    private static ClientSettings settings(Optional<Long> creditsPerDay, int creditsPerRequest) {
        return new ClientSettings(URI.create("https://rest.coincap.io/v3"), ApiShape.V3, Optional.of("k"), false, 500,
                creditsPerDay, creditsPerRequest, Duration.ofSeconds(10), Duration.ofSeconds(30),
                new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30)), 2_000);
    }
}
