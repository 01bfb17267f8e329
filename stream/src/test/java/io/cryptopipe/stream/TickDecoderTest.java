package io.cryptopipe.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickDecoderTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final TickDecoder decoder = new TickDecoder();

    @Test
    void readsATickWithItsReceiveTimeAndTheExactPrice() {
        TickDecoder.Decoded decoded = decode("{\"schema\":1,\"source\":\"ws://x\",\"via\":\"rest\",\"received_at\":"
                + "\"2026-11-27T10:00:01.500Z\",\"asset_id\":\"bitcoin\",\"price\":\"98765.43210000\"}");
        assertThat(decoded.rejects()).isEmpty();
        assertThat(decoded.ticks()).singleElement().satisfies(t -> {
            assertThat(t.assetId()).isEqualTo("bitcoin");
            assertThat(t.ts()).isEqualTo(Instant.parse("2026-11-27T10:00:01.500Z"));
            assertThat(t.price()).isEqualTo("98765.43210000");
            assertThat(t.via()).isEqualTo("rest");
            assertThat(t.offset()).isEqualTo(9);
        });
    }

    @Test
    void rejectsWhatIsNotATickWithAReason() {
        TickDecoder.Decoded decoded = decode("not json",
                "{\"schema\":1,\"received_at\":\"2026-11-27T10:00:00Z\",\"asset_id\":\"b\",\"price\":\"abc\"}",
                "{\"schema\":1,\"received_at\":\"2026-11-27T10:00:00Z\",\"asset_id\":\"b\",\"price\":\"-1\"}",
                "{\"schema\":1,\"received_at\":\"yesterday\",\"asset_id\":\"b\",\"price\":\"1\"}",
                "{\"schema\":1,\"received_at\":\"2026-11-27T10:00:00Z\",\"asset_id\":\"\",\"price\":\"1\"}",
                "{\"schema\":1,\"received_at\":\"2026-11-27T10:00:00Z\",\"asset_id\":\"b\",\"price\":\"1e999999\"}",
                "{\"schema\":1,\"rejected\":\"price: decimal out of range\",\"raw\":\"{\\\"x\\\":1}\"}",
                "{\"schema\":2}");
        assertThat(decoded.ticks()).isEmpty();
        assertThat(decoded.rejects()).extracting(r -> r.reason()).hasSize(8)
                .allSatisfy(reason -> assertThat(reason).isNotBlank())
                .anySatisfy(reason -> assertThat(reason).contains("refused at ingest"))
                .anySatisfy(reason -> assertThat(reason).contains("negative"))
                .anySatisfy(reason -> assertThat(reason).contains("received_at"));
    }

    private TickDecoder.Decoded decode(String... values) {
        List<StreamRecord> records = new java.util.ArrayList<>();
        for (String value : values) {
            records.add(new StreamRecord("coincap.prices", 0, 9, "bitcoin", value));
        }
        return decoder.decode(records, NOW);
    }
}
