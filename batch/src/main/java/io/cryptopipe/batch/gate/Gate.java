package io.cryptopipe.batch.gate;

import java.util.List;

/** A data-quality check of one partition; it reads, never writes, and reports every result, passing ones too. */
public interface Gate {
    List<GateResult> check(GateContext context) throws Exception;
}
