package io.cryptopipe.warehouse;

import java.util.List;

/** A project that cannot be loaded: every problem found is listed, one per line, each naming its file. */
public class ProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ProjectException(String what, List<String> problems) {
        super(what + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
