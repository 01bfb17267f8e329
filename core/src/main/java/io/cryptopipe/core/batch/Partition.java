package io.cryptopipe.core.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One batch partition: a UTC day, {@code [start, end)} in observed time. Its name ({@code YYYY-MM-DD}) is the lake
 * directory {@code date=YYYY-MM-DD}, the scheduler's task instance and the key of its runs.
 */
public record Partition(LocalDate date) implements Comparable<Partition> {
    public Partition {
        Objects.requireNonNull(date, "date");
    }

    /** @throws IllegalArgumentException naming the expected form, for a bad {@code --date} */
    public static Partition parse(String text) {
        try {
            return new Partition(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a UTC day; expected YYYY-MM-DD, e.g. 2026-11-27");
        }
    }

    /** The partition holding {@code instant}. */
    public static Partition containing(Instant instant) {
        return new Partition(instant.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /** Every partition from {@code first} to {@code last}, both included, in date order. */
    public static List<Partition> range(Partition first, Partition last) {
        if (last.date.isBefore(first.date)) {
            throw new IllegalArgumentException("--to " + last + " is before --from " + first);
        }
        List<Partition> days = new ArrayList<>();
        for (LocalDate d = first.date; !d.isAfter(last.date); d = d.plusDays(1)) {
            days.add(new Partition(d));
        }
        return days;
    }

    public Instant start() {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Exclusive. */
    public Instant end() {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Closed once its end has passed; an open partition (today) may be run over the data so far. */
    public boolean closedAt(Instant now) {
        return !now.isBefore(end());
    }

    public Partition previous() {
        return new Partition(date.minusDays(1));
    }

    @Override
    public int compareTo(Partition other) {
        return date.compareTo(other.date);
    }

    @Override
    public String toString() {
        return date.toString();
    }
}
