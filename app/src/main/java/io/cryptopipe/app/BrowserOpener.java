package io.cryptopipe.app;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the dashboard for a person at the machine, and only then: {@code --open-browser auto} opens it when a
 * graphical display is present and {@code CI} is unset, so servers, containers and CI runs never spawn a browser.
 */
final class BrowserOpener {
    private final String mode;
    private final Map<String, String> env;

    BrowserOpener(String mode, Map<String, String> env) {
        this.mode = mode;
        this.env = env;
    }

    /** Why the browser is not opened; empty when it should be. */
    Optional<String> reasonNotToOpen() {
        if (!"auto".equals(mode)) {
            return Optional.of("--open-browser " + mode);
        }
        if (present("CI")) {
            return Optional.of("CI is set");
        }
        if (!present("DISPLAY") && !present("WAYLAND_DISPLAY")) {
            return Optional.of("no display");
        }
        return Optional.empty();
    }

    /** Opens the URL with the desktop's opener when it should; a failure is reported, never fatal. */
    Optional<String> open(URI url) {
        Optional<String> reason = reasonNotToOpen();
        if (reason.isPresent()) {
            return reason;
        }
        try {
            new ProcessBuilder("xdg-open", url.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("xdg-open failed: " + e.getMessage());
        }
    }

    private boolean present(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
