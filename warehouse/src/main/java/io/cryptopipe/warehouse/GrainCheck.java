package io.cryptopipe.warehouse;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The test that proves a model has no double counting: its {@code meta.grain} columns are unique together. It is
 * generated as a {@code unique_combination_of_columns} test named {@code grain_<model>_<c1>__<c2>} unless the
 * schema.yml already declares an unconditional ERROR test of the same columns ({@code unique} for a one-column
 * grain).
 */
public final class GrainCheck {
    /** The file named by generated grain tests. */
    public static final String FILE = "<grain>";

    private GrainCheck() {}

    /** The grain test {@code model} still needs, given the tests declared for it; empty when it has no grain. */
    public static Optional<TestDefinition> forModel(Model model, List<TestDefinition> declared) {
        if (model.grain().isEmpty()) {
            return Optional.empty();
        }
        var grain = new HashSet<>(model.grain());
        boolean covered = declared.stream()
                .filter(t -> t.model().equals(model.name()) && t.where() == null && t.severity() == Severity.ERROR)
                .filter(t -> t.kind().equals(TestDefinition.UNIQUE_COMBINATION)
                        || t.kind().equals(TestDefinition.UNIQUE))
                .anyMatch(t -> new HashSet<>(t.columns()).equals(grain));
        if (covered) {
            return Optional.empty();
        }
        String name = SchemaFiles.safe("grain_" + model.name() + "_" + String.join("__", model.grain()));
        return Optional.of(new TestDefinition(name, model.name(), null, TestDefinition.UNIQUE_COMBINATION,
                Severity.ERROR, null, model.grain(), null, null, null, true, FILE));
    }
}
