package io.cryptopipe.simulator;

import java.util.Locale;

/** The API version a request addressed: v2 writes 16 fraction digits and defaults pages to 100, v3 writes 18. */
enum Version {
    V2(16),
    V3(18);

    final int scale;

    Version(int scale) {
        this.scale = scale;
    }

    static Version of(String segment) {
        return switch (segment) {
            case "v2" -> V2;
            case "v3" -> V3;
            default -> null;
        };
    }

    String segment() {
        return name().toLowerCase(Locale.ROOT);
    }
}
