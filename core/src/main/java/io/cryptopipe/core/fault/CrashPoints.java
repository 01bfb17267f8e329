package io.cryptopipe.core.fault;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Named places where the crash tests halt the JVM exactly as a power cut or {@code kill -9} would
 * ({@link Runtime#halt}: no shutdown hooks, no flushing), to prove that a restart loses and doubles nothing. Armed only
 * when the composition root is given {@code -Dcryptopipe.crash-at=<point>}; unarmed, {@link #reach} does nothing.
 * Serializable so the stream's sink can carry it into Spark tasks.
 */
public final class CrashPoints implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The system property that arms a point. */
    public static final String PROPERTY = "cryptopipe.crash-at";
    /** After a poll is forced into the raw archive, before any of it is published. */
    public static final String AFTER_ARCHIVE = "after-archive";
    /** After a sink transaction that stored entity rows committed, before Spark commits the batch's offsets. */
    public static final String AFTER_PG_COMMIT = "after-pg-commit";
    /** The exit status a halted JVM reports, as for {@code kill -9}. */
    public static final int HALT_STATUS = 137;

    private static final Set<String> KNOWN = Set.of(AFTER_ARCHIVE, AFTER_PG_COMMIT);

    private final String armed;

    private CrashPoints(String armed) {
        this.armed = armed;
    }

    public static CrashPoints none() {
        return new CrashPoints(null);
    }

    /**
     * The point named by the property's value, or none when it is absent or blank.
     *
     * @throws IllegalArgumentException naming the known points when the value is not one of them
     */
    public static CrashPoints fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return none();
        }
        String point = value.trim().toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(point)) {
            throw new IllegalArgumentException(PROPERTY + "=" + value + " is not one of " + KNOWN);
        }
        return new CrashPoints(point);
    }

    /** The armed point, if any. */
    public Optional<String> armed() {
        return Optional.ofNullable(armed);
    }

    /** Halts the JVM at once when {@code point} is the armed one. */
    public void reach(String point) {
        if (Objects.equals(armed, point)) {
            System.err.println("crash point " + point + " reached: halting");
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
