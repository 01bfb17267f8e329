package io.cryptopipe.serve;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the dashboard serves.
 *
 * @param bind       address to bind; loopback unless configured
 * @param port       port, 0 for any free one (the started dashboard tells which)
 * @param password   HTTP Basic password (user {@value #USER}); required when {@code bind} is not a loopback address
 * @param reportsDir the batch reports ({@code <data>/reports/<date>.html}), served read-only under /reports
 */
public record ServeSettings(String bind, int port, Optional<String> password, Path reportsDir) {
    /** The user name HTTP Basic asks for; only the password is configured. */
    public static final String USER = "cryptopipe";

    public ServeSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(reportsDir, "reportsDir");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ServeSettings[bind=" + bind + ", port=" + port + ", password=" + (password.isPresent() ? "***" : "none")
                + ", reportsDir=" + reportsDir + "]";
    }
}
