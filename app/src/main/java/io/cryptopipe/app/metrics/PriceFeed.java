package io.cryptopipe.app.metrics;

import io.cryptopipe.ingest.PricePublisher;
import io.cryptopipe.source.PriceSocket;
import java.util.Objects;
import java.util.function.Supplier;

/** What live prices did so far: ticks published and lost, and where they come from now. */
public interface PriceFeed {
    /** Ticks (and refused entries) acknowledged by the broker. */
    long ticksPublished();

    /** Sends that failed. */
    long ticksFailed();

    /** The socket's state ({@link PriceSocket.State#FALLBACK}: REST polling instead). */
    PriceSocket.State state();

    /** The feed of a publisher and its socket. */
    static PriceFeed of(PricePublisher publisher, PriceSocket socket) {
        Objects.requireNonNull(socket, "socket");
        return of(publisher, socket::state);
    }

    /** The feed of a publisher whose socket state the supplier tells. */
    static PriceFeed of(PricePublisher publisher, Supplier<PriceSocket.State> state) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(state, "state");
        return new PriceFeed() {
            @Override
            public long ticksPublished() {
                return publisher.published();
            }

            @Override
            public long ticksFailed() {
                return publisher.failed();
            }

            @Override
            public PriceSocket.State state() {
                return state.get();
            }
        };
    }
}
