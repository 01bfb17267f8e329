package io.cryptopipe.batch.gate;

import java.util.List;

/**
 * One gate's verdict on one partition. {@code failures} counts offending rows (or mismatching measures); an
 * {@link Severity#ERROR} result with failures fails the run, a {@link Severity#WARN} one is reported apart.
 */
public record GateResult(String gate, String kind, Severity severity, long failures, List<String> samples,
                         String detail) {
    public enum Severity { ERROR, WARN }

    public GateResult {
        samples = List.copyOf(samples);
    }

    public boolean failed() {
        return severity == Severity.ERROR && failures > 0;
    }

    public boolean warned() {
        return severity == Severity.WARN && failures > 0;
    }

    /** One line for the console: which gate, how many rows, sample keys. */
    public String line() {
        String verdict = failures == 0 ? "ok  " : severity == Severity.ERROR ? "FAIL" : "warn";
        String rest = failures == 0 ? "" : ": " + failures + " row" + (failures == 1 ? "" : "s")
                + (samples.isEmpty() ? "" : ", e.g. " + String.join("; ", samples));
        return verdict + " " + gate + " (" + kind + ")" + rest + (detail == null || detail.isEmpty() ? "" : " - " + detail);
    }
}
