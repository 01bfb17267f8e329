package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fault spec grammar: what it accepts, what it refuses, and that errors name the bad part and the form. */
class FaultPlanTest {

    @Test
    void parsesEveryFaultOfTheGrammar() {
        FaultPlan plan = FaultPlan.parse("429=0.2, 429-burst=3,5xx=0.1,slow=0.1:2s,truncate=0.05,malformed=.01,"
                + "bad-items=0.02,extra-fields=0.5,deprecated=1,ws-drop=30s,ws-silence=1m30s,ws-unauthorized=1");
        assertThat(plan).isEqualTo(new FaultPlan(0.2, 3, 0.1, 0.1, Duration.ofSeconds(2), 0.05, 0.01, 0.02, 0.5,
                1.0, Duration.ofSeconds(30), Duration.ofSeconds(90), true));
    }

    @Test
    void blankOrNullSpecMeansNoFaults() {
        assertThat(FaultPlan.parse("")).isSameAs(FaultPlan.NONE);
        assertThat(FaultPlan.parse("  ")).isSameAs(FaultPlan.NONE);
        assertThat(FaultPlan.parse(null)).isSameAs(FaultPlan.NONE);
        assertThat(FaultPlan.NONE.isNone()).isTrue();
        assertThat(FaultPlan.NONE.spec()).isEmpty();
    }

    @Test
    void zeroProbabilitiesAndAnUnsetWsFlagInjectNothing() {
        assertThat(FaultPlan.parse("429=0,5xx=0.0,slow=0:5s,ws-unauthorized=0").isNone()).isTrue();
    }

    @Test
    void durationsCombineUnitsFromMillisecondsToHours() {
        assertThat(FaultPlan.parse("ws-drop=500ms").wsDrop()).isEqualTo(Duration.ofMillis(500));
        assertThat(FaultPlan.parse("ws-drop=1h2m3s4ms").wsDrop())
                .isEqualTo(Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4));
    }

    @Test
    void specWritesAPlanThatParsesBackToItself() {
        FaultPlan plan = FaultPlan.parse("429=0.0001,429-burst=7,slow=0.5:1500ms,bad-items=1,ws-silence=2s,"
                + "ws-unauthorized=1");
        assertThat(plan.spec()).isEqualTo("429=0.0001,429-burst=7,slow=0.5:1500ms,bad-items=1,ws-silence=2000ms,"
                + "ws-unauthorized=1");
        assertThat(FaultPlan.parse(plan.spec())).isEqualTo(plan);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "429=1.5            | 429=1.5            | not a probability",
        "5xx=abc            | 5xx=abc            | not a probability",
        "truncate=-0.1      | truncate=-0.1      | not a probability",
        "bad-items=NaN      | bad-items=NaN      | not a probability",
        "foo=1              | foo=1              | unknown fault 'foo'",
        "429                | 429                | not a name=value pair",
        "429=0.1,,5xx=0.1   | ''                 | not a name=value pair",
        "=0.1               | =0.1               | not a name=value pair",
        "slow=0.1           | slow=0.1           | slow needs P:DURATION",
        "slow=0.1:2x        | slow=0.1:2x        | not a duration",
        "slow=2:1s          | slow=2:1s          | not a probability",
        "429-burst=0        | 429-burst=0        | not a whole number 1-10000",
        "429-burst=2.5      | 429-burst=2.5      | not a whole number 1-10000",
        "ws-drop=0s         | ws-drop=0s         | must be positive",
        "ws-silence=10      | ws-silence=10      | not a duration",
        "ws-unauthorized=yes| ws-unauthorized=yes| not 1 (on) or 0 (off)",
        "429=0.1,429=0.2    | 429=0.2            | given more than once",
    })
    void refusesABadPartNamingItAndTheExpectedForm(String spec, String part, String why) {
        assertThatThrownBy(() -> FaultPlan.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad fault '" + part + "'")
                .hasMessageContaining(why)
                .hasMessageContaining("expected " + FaultPlan.FORM);
    }

    @Test
    void plansBuiltInCodeObeyTheSameRanges() {
        assertThatThrownBy(() -> new FaultPlan(1.2, 1, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, null, null, false))
                .hasMessageContaining("within 0..1");
        assertThatThrownBy(() -> new FaultPlan(0, 0, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, null, null, false))
                .hasMessageContaining("429-burst");
        assertThatThrownBy(() -> new FaultPlan(0, 1, 0, 0.5, Duration.ZERO, 0, 0, 0, 0, 0, null, null, false))
                .hasMessageContaining("slow needs a positive duration");
        assertThatThrownBy(() -> new FaultPlan(0, 1, 0, 0, Duration.ZERO, 0, 0, 0, 0, 0, Duration.ZERO, null, false))
                .hasMessageContaining("ws-drop");
    }
}
