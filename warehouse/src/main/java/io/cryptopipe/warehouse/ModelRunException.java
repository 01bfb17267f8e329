package io.cryptopipe.warehouse;

/** A model that failed to render or run; the run stopped there. The message names the model, its file and why. */
public class ModelRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String model;

    public ModelRunException(String model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
