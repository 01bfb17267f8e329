package io.cryptopipe.batch;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.stream.Collectors;

/** The DAG of one partition, in the order it runs: each step reads what the one before it wrote. */
public enum Step {
    EXTRACT, MODELS, GATES, REPORT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code extract|models|gates|report}, or {@code all}; a bad name lists the allowed ones. */
    public static EnumSet<Step> parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Step.class);
        }
        for (Step step : values()) {
            if (step.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return EnumSet.of(step);
            }
        }
        throw new IllegalArgumentException("--step '" + text + "' is not a step; expected one of "
                + Arrays.stream(values()).map(Step::label).collect(Collectors.joining(", ")) + " or all");
    }
}
