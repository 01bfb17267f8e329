package io.cryptopipe.warehouse;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Renders a model's template with Jinjava: {@code ref}, {@code source}, {@code config} (renders to nothing; the
 * config was read at load) and {@code is_incremental} are Jinja functions, {@code this} a variable, and an unknown
 * name fails the render. Templates were checked against {@link TemplateSubset} at load, so nothing else reaches
 * Jinjava.
 */
final class Renderer {
    private static final String SCOPE = "__cryptopipe_scope";

    /** What the functions answer for one render. */
    record Scope(Function<String, String> ref, BiFunction<String, String, String> source, boolean incremental) {}

    private final Jinjava jinjava;

    Renderer() {
        jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
        var ctx = jinjava.getGlobalContext();
        ctx.registerFunction(new ELFunctionDefinition("", "ref", Functions.class, "ref", String.class));
        ctx.registerFunction(new ELFunctionDefinition("", "source", Functions.class, "source", String.class,
                String.class));
        ctx.registerFunction(new ELFunctionDefinition("", "config", Functions.class, "config", Object[].class));
        ctx.registerFunction(new ELFunctionDefinition("", "is_incremental", Functions.class, "isIncremental"));
    }

    /** @throws IllegalStateException with Jinjava's errors and their lines */
    String render(Model model, Scope scope) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("this", model.relation());
        bindings.put(SCOPE, scope);
        RenderResult result = jinjava.renderForResult(model.template(), bindings);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            StringBuilder b = new StringBuilder("cannot render:");
            for (TemplateError e : fatal) {
                b.append("\n  line ").append(e.getLineno()).append(": ").append(e.getMessage());
            }
            throw new IllegalStateException(b.toString());
        }
        return result.getOutput();
    }

    /** The Jinja functions; public only because Jinjava calls them reflectively. */
    public static final class Functions {
        private Functions() {}

        private static Scope scope() {
            return (Scope) JinjavaInterpreter.getCurrent().getContext().get(SCOPE);
        }

        public static String ref(String model) {
            return scope().ref().apply(model);
        }

        public static String source(String source, String table) {
            return scope().source().apply(source, table);
        }

        public static String config(Object... ignored) {
            return "";
        }

        public static boolean isIncremental() {
            return scope().incremental();
        }
    }
}
