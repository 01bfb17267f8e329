package io.cryptopipe.batch.gate;

import io.cryptopipe.warehouse.Project;
import io.cryptopipe.warehouse.SchemaTests;
import io.cryptopipe.warehouse.TestOutcome;
import java.util.List;

/** The tests schema.yml declares (unique, not_null, relationships, accepted_values, grains), run on the warehouse. */
public final class SchemaTestGate implements Gate {
    private final Project project;

    public SchemaTestGate(Project project) {
        this.project = project;
    }

    @Override
    public List<GateResult> check(GateContext ctx) throws Exception {
        return new SchemaTests(project).run(ctx.duckdb()).stream().map(SchemaTestGate::result).toList();
    }

    private static GateResult result(TestOutcome o) {
        GateResult.Severity severity = o.severity().name().equals("ERROR") ? GateResult.Severity.ERROR
                : GateResult.Severity.WARN;
        return new GateResult(o.name(), o.kind(), severity, o.failures(), o.sampleKeys(),
                o.model() + (o.column() == null ? "" : "." + o.column()));
    }
}
