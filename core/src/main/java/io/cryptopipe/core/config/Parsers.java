package io.cryptopipe.core.config;

import io.cryptopipe.core.model.ApiShape;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value parsers config keys use; each message says what was wrong, the key's form is added by the caller. */
final class Parsers {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-]+:\\d{1,5}|\\[[0-9A-Fa-f:.]+]:\\d{1,5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|[0-9A-Fa-f:]+");

    private Parsers() {
    }

    static String text(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("empty value");
        }
        return s.trim();
    }

    static Path path(String s) {
        try {
            return Path.of(text(s));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + e.getReason());
        }
    }

    static int port(String s) {
        int port = integer(s);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(port + " is not a port number");
        }
        return port;
    }

    static ValueParser<Integer> intRange(int min, int max) {
        return s -> {
            int value = integer(s);
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
            }
            return value;
        };
    }

    static ValueParser<String> oneOf(String... allowed) {
        return s -> {
            String t = s.trim().toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(t)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("not one of " + String.join(", ", allowed));
        };
    }

    /** The entities ingest and the stream know, in their canonical order. */
    static final List<String> ENTITY_NAMES = List.of("assets", "rates", "exchanges", "markets");

    /** A non-empty comma list of entity names, returned without duplicates in canonical order. */
    static List<String> entities(String s) {
        List<String> given = new ArrayList<>();
        for (String part : s.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!ENTITY_NAMES.contains(name)) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not one of " + String.join(", ", ENTITY_NAMES));
            }
            given.add(name);
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("no entity named");
        }
        return ENTITY_NAMES.stream().filter(given::contains).toList();
    }

    static long longValue(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    static ValueParser<Double> doubleRange(double minExclusive, double max) {
        return s -> {
            double value;
            try {
                value = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number");
            }
            if (!(value > minExclusive && value <= max)) {
                throw new IllegalArgumentException(s.trim() + " is outside (" + minExclusive + ", " + max + "]");
            }
            return value;
        };
    }

    /** {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 2d}, or ISO-8601 {@code PT90S}; positive. */
    static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        Duration total;
        if (t.startsWith("p")) {
            try {
                total = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a duration");
            }
        } else {
            total = sumOfParts(t);
        }
        if (total.isZero() || total.isNegative()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        return total;
    }

    private static Duration sumOfParts(String t) {
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration too large");
            }
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("not a duration");
        }
        return total;
    }

    static URI httpUrl(String s) {
        return absoluteUri(s, "http", "https");
    }

    static URI wsUrl(String s) {
        return absoluteUri(s, "ws", "wss");
    }

    static String jdbcPostgres(String s) {
        String t = text(s);
        if (!t.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        return t;
    }

    static String hostPortList(String s) {
        String t = text(s);
        for (String part : t.split(",")) {
            if (!HOST_PORT.matcher(part.trim()).matches()) {
                throw new IllegalArgumentException(part.trim().equals(t) ? "not host:port"
                        : "element '" + part.trim() + "' is not host:port");
            }
        }
        return t;
    }

    static String host(String s) {
        String t = text(s);
        if (!HOST.matcher(t).matches()) {
            throw new IllegalArgumentException("not a host name or IP address");
        }
        return t;
    }

    static ApiShape apiShape(String s) {
        return ApiShape.parse(s).orElseThrow(() -> new IllegalArgumentException("unknown API version"));
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static URI absoluteUri(String s, String... schemes) {
        URI uri;
        try {
            uri = new URI(text(s));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        for (String allowed : schemes) {
            if (allowed.equals(scheme) && uri.getHost() != null) {
                return uri;
            }
        }
        throw new IllegalArgumentException("not an absolute " + String.join("/", schemes) + " URL");
    }
}
