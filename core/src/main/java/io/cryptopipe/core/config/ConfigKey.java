package io.cryptopipe.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One configuration key, declared once: its name in config files, its command-line flag, its environment
 * variable, its default, its description and how its text becomes a value.
 *
 * @param <T> the value type
 */
public final class ConfigKey<T> {
    private final String name;
    private final String flag;
    private final String env;
    private final String defaultText;
    private final String description;
    private final String expected;
    private final ValueParser<T> parser;
    private final boolean secret;
    private final boolean fileAllowed;
    private final Set<String> commands;

    private ConfigKey(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.flag = b.flag;
        this.env = Objects.requireNonNull(b.env);
        this.defaultText = b.defaultText;
        this.description = Objects.requireNonNull(b.description);
        this.expected = Objects.requireNonNull(b.expected);
        this.parser = Objects.requireNonNull(b.parser);
        this.secret = b.secret;
        this.fileAllowed = b.fileAllowed;
        this.commands = b.commands;
    }

    static <T> Builder<T> builder(String name, ValueParser<T> parser, String expected) {
        return new Builder<>(name, parser, expected);
    }

    /** Key in config files, e.g. {@code data-dir}. */
    public String name() {
        return name;
    }

    /** Command-line flag such as {@code --data-dir}; empty for secrets, which come only from env or files. */
    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    public String env() {
        return env;
    }

    /** Default as text; empty when the key is unset by default (absent means "embedded" or "none"). */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    public String description() {
        return description;
    }

    /** The accepted form, used in error messages and help ("a port 0-65535"). */
    public String expected() {
        return expected;
    }

    public boolean secret() {
        return secret;
    }

    /** False for raw secrets and for the config-file location itself. */
    public boolean fileAllowed() {
        return fileAllowed;
    }

    /** Whether the flag is offered on the named command; shared keys are offered everywhere. */
    public boolean offeredOn(String command) {
        return flag != null && (commands == null || commands.contains(command));
    }

    T parse(String text) {
        return parser.parse(text);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Fluent declaration; see {@link ConfigKeys}. */
    static final class Builder<T> {
        private final String name;
        private final ValueParser<T> parser;
        private final String expected;
        private String flag;
        private String env;
        private String defaultText;
        private String description = "";
        private boolean secret;
        private boolean fileAllowed = true;
        private Set<String> commands;

        private Builder(String name, ValueParser<T> parser, String expected) {
            this.name = name;
            this.parser = parser;
            this.expected = expected;
            this.flag = "--" + name;
            this.env = "CRYPTOPIPE_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        }

        Builder<T> flag(String flag) {
            this.flag = flag;
            return this;
        }

        Builder<T> env(String env) {
            this.env = env;
            return this;
        }

        Builder<T> defaultValue(String text) {
            this.defaultText = text;
            return this;
        }

        Builder<T> description(String text) {
            this.description = text;
            return this;
        }

        /** A raw secret: no flag, never in a config file, masked whenever shown. */
        Builder<T> secret() {
            this.secret = true;
            this.flag = null;
            this.fileAllowed = false;
            return this;
        }

        Builder<T> notInFile() {
            this.fileAllowed = false;
            return this;
        }

        Builder<T> onlyOn(String... commandNames) {
            this.commands = Set.of(commandNames);
            return this;
        }

        ConfigKey<T> build() {
            return new ConfigKey<>(this);
        }
    }
}
