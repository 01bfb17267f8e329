package io.cryptopipe.core.parse;

import io.cryptopipe.core.model.PriceTick;
import java.util.List;
import java.util.Objects;

/** The outcome of parsing one text frame of the prices socket. */
public sealed interface PriceFrame permits PriceFrame.Ticks, PriceFrame.Unauthorized, PriceFrame.Malformed {

    /** A map of asset id to price: each entry became a tick or a rejection. */
    record Ticks(List<PriceTick> ticks, List<Rejection> rejections) implements PriceFrame {
        public Ticks {
            ticks = List.copyOf(ticks);
            rejections = List.copyOf(rejections);
        }
    }

    /** v3's plain-text refusal when the key or plan lacks socket access: the socket must stop. */
    record Unauthorized(String text) implements PriceFrame {
        public Unauthorized {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Neither a JSON object nor the refusal text. */
    record Malformed(String reason, String raw) implements PriceFrame {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(raw, "raw");
        }
    }
}
