package io.cryptopipe.serve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stands for the application's running parts in tests: fixed lag and credits, and components a test can change.
 */
final class FixedStatus implements LiveStatus {
    volatile List<ComponentHealth> components = healthy();
    volatile Map<String, Long> lag = Map.of("coincap.assets", 12L, "coincap.prices", 0L);
    volatile String lagError;

    static List<ComponentHealth> healthy() {
        return List.of(new ComponentHealth("kafka", ComponentHealth.Status.UP, "broker at 127.0.0.1:9092"),
                new ComponentHealth("batch", ComponentHealth.Status.OFF, "not scheduled in this process"));
    }

    @Override
    public Map<String, Long> lagByTopic() throws Exception {
        if (lagError != null) {
            throw new IllegalStateException(lagError);
        }
        return lag;
    }

    @Override
    public Optional<Credits> credits() {
        return Optional.of(new Credits(1234, OptionalLong.of(2500)));
    }

    @Override
    public List<ComponentHealth> components() {
        return components;
    }
}
