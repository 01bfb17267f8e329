package io.cryptopipe.core.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the hand-written response bodies under {@code src/test/resources/fixtures} as UTF-8, byte for byte. */
final class Fixtures {
    /** Every fixture, for tests that corrupt or replay them all. */
    static final List<String> ALL = List.of(
            "v2-assets-2018.json", "v3-assets.json", "v2-asset-bitcoin.json", "v2-rates.json",
            "v2-exchanges-2018.json", "v3-exchanges.json", "v2-markets.json", "v2-asset-bitcoin-markets.json",
            "v2-history-d1-2018.json", "v2-history-m1-2021.json", "v2-deprecated.json", "v3-404-bitcoinx.json",
            "ws-prices-frame.json", "ws-prices-frame-bad-entries.json", "ws-prices-frame-exponent-overflow.json",
            "ws-unauthorized.txt", "quirk-exponent-forms.json", "quirk-json-numbers-rates.json",
            "quirk-json-numbers-assets.json", "quirk-v3-maxsupply-zero.json", "quirk-missing-maxsupply-key.json",
            "quirk-unknown-fields.json", "quirk-updated-zero.json", "quirk-malformed-items.json",
            "quirk-missing-timestamp.json", "quirk-cloudflare.html", "quirk-empty-body.txt",
            "quirk-data-object-for-list.json", "quirk-history-date-disagrees.json",
            "quirk-number-exponent-overflow.json", "quirk-number-exponent-huge.json");

    private Fixtures() {
    }

    /** The fixture {@code /fixtures/<name>} from the test classpath. */
    static String read(String name) {
        String path = "/fixtures/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture on the test classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + path, e);
        }
    }
}
