package io.cryptopipe.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardExposureTest {
    private static final String PASSWORD = "s3cret-dash";

    @Test
    void aBindBeyondLoopbackWithoutPasswordIsRefusedNamingTheKeysThatFixIt() {
        assertThatThrownBy(() -> ResolvedConfig.resolve(Map.of("http-bind", "0.0.0.0"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--http-bind")
                .hasMessageContaining("'0.0.0.0' is not a loopback address")
                .hasMessageContaining("CRYPTOPIPE_DASHBOARD_PASSWORD")
                .hasMessageContaining("--dashboard-password-file");
    }

    @Test
    void aPasswordFromTheEnvironmentAllowsAnyBindAndIsNeverShown() {
        ResolvedConfig config = ResolvedConfig.resolve(Map.of("http-bind", "0.0.0.0"),
                Map.of("CRYPTOPIPE_DASHBOARD_PASSWORD", PASSWORD));

        assertThat(config.find(ConfigKeys.DASHBOARD_PASSWORD)).contains(PASSWORD);
        assertThat(config.describeForLog()).doesNotContain(PASSWORD).contains("dashboard-password=***");
    }

    @Test
    void aPasswordFileIsReadLikeTheOtherSecretFiles(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("dash"), PASSWORD + "\n");

        ResolvedConfig config = ResolvedConfig.resolve(
                Map.of("http-bind", "192.168.1.5", "dashboard-password-file", file.toString()), Map.of());

        assertThat(config.find(ConfigKeys.DASHBOARD_PASSWORD)).contains(PASSWORD);
    }

    @Test
    void loopbackIsRecognisedByItsWrittenFormOnly() {
        assertThat(ResolvedConfig.isLoopback("127.0.0.1")).isTrue();
        assertThat(ResolvedConfig.isLoopback("127.1.2.3")).isTrue();
        assertThat(ResolvedConfig.isLoopback("localhost")).isTrue();
        assertThat(ResolvedConfig.isLoopback("[::1]")).isTrue();
        assertThat(ResolvedConfig.isLoopback("0.0.0.0")).isFalse();
        assertThat(ResolvedConfig.isLoopback("::")).isFalse();
        assertThat(ResolvedConfig.isLoopback("127.0.0.1.example.com")).isFalse();
        assertThat(ResolvedConfig.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    void theDefaultBindIsLoopbackAndNeedsNoPassword() {
        ResolvedConfig config = ResolvedConfig.resolve(Map.of(), Map.of());

        assertThat(config.get(ConfigKeys.HTTP_BIND)).isEqualTo("127.0.0.1");
        assertThat(config.find(ConfigKeys.DASHBOARD_PASSWORD)).isEmpty();
    }
}
