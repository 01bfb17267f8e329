package io.cryptopipe.warehouse;

import java.util.List;

/** Every model run, in the order run. */
public record RunSummary(List<ModelResult> models) {
    public RunSummary {
        models = List.copyOf(models);
    }
}
