package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserOpenerTest {
    @Test
    void opensOnlyWithADisplayOutsideCi() {
        assertThat(new BrowserOpener("auto", Map.of("DISPLAY", ":0")).reasonNotToOpen()).isEmpty();
        assertThat(new BrowserOpener("auto", Map.of("WAYLAND_DISPLAY", "wayland-0")).reasonNotToOpen()).isEmpty();
    }

    @Test
    void neverOpensUnderCiWithoutADisplayOrWhenTurnedOff() {
        assertThat(new BrowserOpener("auto", Map.of("DISPLAY", ":0", "CI", "true")).reasonNotToOpen())
                .contains("CI is set");
        assertThat(new BrowserOpener("auto", Map.of()).reasonNotToOpen()).contains("no display");
        assertThat(new BrowserOpener("auto", Map.of("DISPLAY", " ")).reasonNotToOpen()).contains("no display");
        assertThat(new BrowserOpener("never", Map.of("DISPLAY", ":0")).reasonNotToOpen())
                .contains("--open-browser never");
    }
}
