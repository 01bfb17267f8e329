package io.cryptopipe.core.config;

import io.cryptopipe.core.model.ApiShape;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The effective configuration: each key's value and where it came from, resolved once with the precedence
 * flag &gt; environment &gt; config file &gt; default, validated as a whole. Immutable.
 */
public final class ResolvedConfig {
    private static final String MASK = "****";
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|apiKey)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private final Map<ConfigKey<?>, Value> values;
    private final CoinCapSource source;

    private ResolvedConfig(Map<ConfigKey<?>, Value> values, CoinCapSource source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /**
     * Resolves every key of {@link ConfigKeys#ALL}.
     *
     * @param flags values given on the command line, by key name
     * @param env   the process environment (injected so tests need not touch the real one)
     * @throws ConfigException listing every problem found
     */
    public static ResolvedConfig resolve(Map<String, String> flags, Map<String, String> env) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> file = Map.of();
        String fileLabel = "";
        Map<ConfigKey<?>, Value> values = new LinkedHashMap<>();
        Value configValue = pick(ConfigKeys.CONFIG, flags, env, Map.of(), "", problems);
        if (configValue != null) {
            values.put(ConfigKeys.CONFIG, configValue);
            Path path = (Path) configValue.value();
            fileLabel = path.toString();
            file = ConfigFile.read(path, configValue.origin().where(), problems);
            checkFileKeys(file, fileLabel, problems);
        }
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (key != ConfigKeys.CONFIG) {
                Value value = pick(key, flags, env, file, fileLabel, problems);
                if (value != null) {
                    values.put(key, value);
                }
            }
        }
        readSecretFile(ConfigKeys.COINCAP_API_KEY, ConfigKeys.COINCAP_API_KEY_FILE, values, problems);
        readSecretFile(ConfigKeys.PG_PASSWORD, ConfigKeys.PG_PASSWORD_FILE, values, problems);
        readSecretFile(ConfigKeys.DASHBOARD_PASSWORD, ConfigKeys.DASHBOARD_PASSWORD_FILE, values, problems);
        checkDashboardExposure(values, problems);
        CoinCapSource source = coinCapSource(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ResolvedConfig(values, source);
    }

    /** The value of a key with a default, or of a key that is set. */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new IllegalStateException(key + " has no value and no default"));
    }

    /** The value of a key, empty when unset and without default. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        Value value = values.get(key);
        @SuppressWarnings("unchecked")
        T typed = value == null ? null : (T) value.value();
        return Optional.ofNullable(typed);
    }

    /** Where a key's value came from; empty when unset. */
    public Optional<Origin> origin(ConfigKey<?> key) {
        return Optional.ofNullable(values.get(key)).map(Value::origin);
    }

    /** The market-data source derived from the CoinCap keys. */
    public CoinCapSource coinCapSource() {
        return source;
    }

    /** Every key as shown to people: secrets masked, passwords inside URLs masked, unset keys marked. */
    public List<Row> describe() {
        List<Row> rows = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            Value value = values.get(key);
            String shown = value == null ? "(unset)" : shown(key, value.text());
            rows.add(new Row(key.name(), shown, value == null ? "" : value.origin().where()));
        }
        return rows;
    }

    /** One line per key for logs, secrets masked. */
    public String describeForLog() {
        return describe().stream()
                .map(r -> r.key() + "=" + r.value() + (r.origin().isEmpty() ? "" : " (" + r.origin() + ")"))
                .collect(Collectors.joining(", "));
    }

    /** Masks what must never be shown: secret keys whole, and passwords and keys embedded in URLs. */
    static String shown(ConfigKey<?> key, String text) {
        return key.secret() ? MASK : maskUrl(text);
    }

    /** A URL as it may be shown: {@code password=}, {@code apiKey=} and {@code user:password@} masked. */
    public static String maskUrl(String url) {
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    private static Value pick(ConfigKey<?> key, Map<String, String> flags, Map<String, String> env,
            Map<String, String> file, String fileLabel, List<ConfigProblem> problems) {
        String text;
        Origin origin;
        if (flags.containsKey(key.name())) {
            text = flags.get(key.name());
            origin = new Origin(Origin.Kind.FLAG, key.flag().orElse(key.name()));
        } else if (env.containsKey(key.env())) {
            text = env.get(key.env());
            origin = new Origin(Origin.Kind.ENV, "env " + key.env());
        } else if (key.fileAllowed() && file.containsKey(key.name())) {
            text = file.get(key.name());
            origin = new Origin(Origin.Kind.FILE, fileLabel + ": " + key.name());
        } else if (key.defaultText().isPresent()) {
            text = key.defaultText().get();
            origin = Origin.DEFAULT;
        } else {
            return null;
        }
        try {
            return new Value(key.parse(text), text, origin);
        } catch (IllegalArgumentException e) {
            String shownText = key.secret() ? MASK : "'" + shown(key, text) + "'";
            problems.add(new ConfigProblem(origin.where(),
                    shownText + ": " + e.getMessage() + "; expected " + key.expected()));
            return null;
        }
    }

    private static void checkFileKeys(Map<String, String> file, String fileLabel, List<ConfigProblem> problems) {
        Set<String> allowed = new HashSet<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (key.fileAllowed()) {
                allowed.add(key.name());
            }
        }
        for (String name : file.keySet()) {
            if (allowed.contains(name)) {
                continue;
            }
            ConfigKey<?> known = ConfigKeys.ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
            String message = known == null
                    ? "unknown key; known keys: " + String.join(", ", new java.util.TreeSet<>(allowed))
                    : known.secret()
                            ? "secrets may not be written in a config file; use env " + known.env()
                                    + " or the matching *-file key"
                            : "not allowed in a config file; use " + known.flag().orElse("env " + known.env());
            problems.add(new ConfigProblem(fileLabel + ": " + name, message));
        }
    }

    /** When the secret itself is unset but its file key is set, reads the file's first line as the secret. */
    private static void readSecretFile(ConfigKey<String> secret, ConfigKey<Path> fileKey,
            Map<ConfigKey<?>, Value> values, List<ConfigProblem> problems) {
        Value fileValue = values.get(fileKey);
        if (values.containsKey(secret) || fileValue == null) {
            return;
        }
        Path path = (Path) fileValue.value();
        try {
            String firstLine = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            if (firstLine.isEmpty()) {
                problems.add(new ConfigProblem(fileValue.origin().where(), "file " + path + " is empty"));
                return;
            }
            values.put(secret, new Value(firstLine, firstLine,
                    new Origin(Origin.Kind.FILE, "file " + path + " (" + fileValue.origin().where() + ")")));
        } catch (IOException e) {
            problems.add(new ConfigProblem(fileValue.origin().where(), "cannot read " + path + ": " + e));
        }
    }

    /** A dashboard reachable beyond this machine must not be open to anyone who finds it. */
    private static void checkDashboardExposure(Map<ConfigKey<?>, Value> values, List<ConfigProblem> problems) {
        Value bind = values.get(ConfigKeys.HTTP_BIND);
        if (bind != null && !isLoopback((String) bind.value()) && !values.containsKey(ConfigKeys.DASHBOARD_PASSWORD)) {
            problems.add(new ConfigProblem(bind.origin().where(), "'" + bind.text() + "' is not a loopback address, "
                    + "so the dashboard needs a password: set CRYPTOPIPE_DASHBOARD_PASSWORD or "
                    + "--dashboard-password-file"));
        }
    }

    /** Loopback by its written form only (no name lookup): localhost, 127.0.0.0/8 and ::1. */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static CoinCapSource coinCapSource(Map<ConfigKey<?>, Value> values, List<ConfigProblem> problems) {
        Optional<URI> url = typed(values, ConfigKeys.COINCAP_URL);
        Optional<ApiShape> declared = typed(values, ConfigKeys.COINCAP_API);
        Optional<URI> ws = typed(values, ConfigKeys.COINCAP_WS_URL);
        Optional<String> key = typed(values, ConfigKeys.COINCAP_API_KEY);
        if (url.isEmpty() && key.isEmpty()) {
            return new CoinCapSource(Optional.empty(), declared.orElse(ApiShape.V3), ws, Optional.empty());
        }
        URI base = url.orElse(CoinCapSource.PUBLIC_V3);
        Optional<ApiShape> fromPath = ApiShape.fromBaseUrl(base);
        String urlWhere = url.isPresent() ? values.get(ConfigKeys.COINCAP_URL).origin().where() : "coincap-url";
        if (declared.isPresent() && fromPath.isPresent() && declared.get() != fromPath.get()) {
            problems.add(new ConfigProblem(values.get(ConfigKeys.COINCAP_API).origin().where(),
                    "says " + declared.get().segment() + " but " + base + " ends in /" + fromPath.get().segment()));
        }
        Optional<ApiShape> shape = declared.or(() -> fromPath);
        if (shape.isEmpty()) {
            problems.add(new ConfigProblem(urlWhere, "cannot tell v2 from v3: the path of " + base
                    + " does not end in /v2 or /v3; add the version path or set --coincap-api v2|v3"));
            return null;
        }
        if (shape.get() == ApiShape.V3 && key.isEmpty()) {
            problems.add(new ConfigProblem("COINCAP_API_KEY", "the v3 API at " + base
                    + " needs an API key (pro.coincap.io); set COINCAP_API_KEY or COINCAP_API_KEY_FILE"));
        }
        return new CoinCapSource(Optional.of(base), shape.get(), ws.or(() -> CoinCapSource.derivedWsUrl(base)), key);
    }

    private static <T> Optional<T> typed(Map<ConfigKey<?>, Value> values, ConfigKey<T> key) {
        Value value = values.get(key);
        @SuppressWarnings("unchecked")
        T typed = value == null ? null : (T) value.value();
        return Optional.ofNullable(typed);
    }

    /**
     * One key as shown.
     *
     * @param key    the key name
     * @param value  the shown value, masked where secret
     * @param origin where it came from; empty when unset
     */
    public record Row(String key, String value, String origin) {
    }

    private record Value(Object value, String text, Origin origin) {
    }
}
