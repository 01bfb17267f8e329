package io.cryptopipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The raw archive under {@code <data>/raw}: every poll is appended as one gzip member holding one JSON line, to an
 * hourly file named by its {@code observed_at} ({@code raw/2026-11-27/13.polls.gz}), and forced to disk before
 * {@link #append} returns, so nothing is published that could be lost. A file cut off by a crash loses at most its
 * last poll: reading stops at the damaged member and reports it (a cut inside the member's 10-byte gzip header
 * read as a clean end of file: the JDK's reader ignores that little trailing data). Polls confirmed downstream are marked in
 * {@code raw/published.log}; the rest are what a restart republishes. Thread-safe within one process.
 */
public final class RawArchive {
    /**
     * 2 added api, outcome, reason, requests, rejected and drift; lines of schema 1 read as OK polls. 3 added
     * intervalMs; older lines read with it null.
     */
    static final int SCHEMA = 3;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final String SUFFIX = ".polls.gz";
    private static final int UUID_TEXT = 36;
    /** Bytes of a gzip member's trailer. */
    private static final int TRAILER = 8;

    private final Path dir;
    private final Path marks;
    private final ObjectMapper json = new ObjectMapper();

    public RawArchive(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.marks = dir.resolve("published.log");
    }

    /** What a read found: the polls, in file order, and any file whose tail was damaged. */
    public record Contents(List<ArchivedPoll> polls, List<String> damaged) {
        public Contents {
            polls = List.copyOf(polls);
            damaged = List.copyOf(damaged);
        }
    }

    /** Appends one poll as one gzip member and forces it (and a new file's directory entry) to disk. */
    public synchronized void append(ArchivedPoll poll) throws IOException {
        Path file = fileFor(poll.observedAt());
        boolean created = !Files.exists(file);
        if (created) {
            Files.createDirectories(file.getParent());
        }
        byte[] member = gzip((json.writeValueAsString(encode(poll)) + "\n").getBytes(StandardCharsets.UTF_8));
        // A stream, not a channel: an interrupt (a stop's deadline) closes a channel mid-write and would cut the
        // member, and appends after a cut member are unreadable.
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(member);
            out.getFD().sync();
        }
        if (created) {
            forceDirectory(file.getParent());
            forceDirectory(dir);
        }
    }

    /** Records that a poll reached the broker; a lost mark only makes a restart republish it (sinks are idempotent). */
    public synchronized void markPublished(UUID pollId) throws IOException {
        try (FileOutputStream out = new FileOutputStream(marks.toFile(), true)) { // not cut by an interrupt
            out.write((pollId + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Ids marked published. A half-written last line (a crash mid-mark) is ignored; a mark appended after such a
     * fragment is read from the line's end.
     */
    public synchronized Set<UUID> published() throws IOException {
        Set<UUID> ids = new HashSet<>();
        if (!Files.exists(marks)) {
            return ids;
        }
        String text = Files.readString(marks, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            String mark = line.strip();
            if (mark.length() >= UUID_TEXT) {
                try {
                    ids.add(UUID.fromString(mark.substring(mark.length() - UUID_TEXT)));
                } catch (IllegalArgumentException e) {
                    // a fragment of a cut mark: that poll is simply republished
                }
            }
        }
        return ids;
    }

    /** Polls with {@code from <= observed_at < to}, in file order. */
    public Contents read(Instant from, Instant to) throws IOException {
        List<ArchivedPoll> polls = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Path file : files(from, to)) {
            readFile(file, polls, damaged, p -> !p.observedAt().isBefore(from) && p.observedAt().isBefore(to));
        }
        return new Contents(polls, damaged);
    }

    /** Archived polls not marked published: what a restart must republish. */
    public Contents unpublished() throws IOException {
        return unpublished(Instant.MIN);
    }

    /**
     * Archived polls observed at or after {@code since} and not marked published, in file order; files of earlier
     * hours are not read, so retrying a recent backlog does not read the whole archive.
     */
    public Contents unpublished(Instant since) throws IOException {
        Set<UUID> done = published();
        List<ArchivedPoll> polls = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Path file : files(since, Instant.MAX)) {
            readFile(file, polls, damaged, p -> !p.observedAt().isBefore(since) && !done.contains(p.pollId()));
        }
        return new Contents(polls, damaged);
    }

    /**
     * What {@link #removePublishedBefore} did.
     *
     * @param deleted hour files deleted
     * @param kept    hour files old enough but kept, each with the reason (a poll not published, a damaged tail)
     * @param bytes   bytes the deleted files held
     */
    public record Removal(List<Path> deleted, List<String> kept, long bytes) {
        public Removal {
            deleted = List.copyOf(deleted);
            kept = List.copyOf(kept);
        }
    }

    /**
     * Rotation: deletes the hour files whose whole hour lies before {@code cutoff} and whose every poll is marked
     * published, so nothing is lost that was not in Kafka; drops those polls' marks from {@code published.log} and
     * removes day directories left empty. A file holding a poll not marked published, or whose tail is damaged (its
     * last poll unreadable, so unaccounted for), is kept and named in the result. The old files are read without
     * holding up appends (no poll is appended to an hour that long past); only the deletions and the rewrite of
     * the marks exclude them. A crash in between leaves marks of deleted polls behind, which is harmless.
     */
    public Removal removePublishedBefore(Instant cutoff) throws IOException {
        List<Path> candidates = files(Instant.MIN, cutoff).stream().filter(f -> {
            Instant hour = hourOf(f);
            return hour != null && !hour.plus(1, ChronoUnit.HOURS).isAfter(cutoff);
        }).toList();
        if (candidates.isEmpty()) {
            return new Removal(List.of(), List.of(), 0);
        }
        Set<UUID> published = published();
        List<Path> doomed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<UUID> doomedIds = new HashSet<>();
        for (Path file : candidates) {
            Set<UUID> ids = new HashSet<>();
            List<String> damaged = new ArrayList<>();
            readFile(file, new ArrayList<>(), damaged, p -> {
                ids.add(p.pollId());
                return false; // only the ids are needed, not the polls
            });
            if (!damaged.isEmpty()) {
                kept.add(file + ": damaged, kept for inspection (" + damaged.get(0) + ")");
            } else if (!published.containsAll(ids)) {
                kept.add(file + ": " + ids.stream().filter(id -> !published.contains(id)).count()
                        + " poll(s) not published yet");
            } else {
                doomed.add(file);
                doomedIds.addAll(ids);
            }
        }
        long bytes = 0;
        synchronized (this) {
            Set<Path> days = new HashSet<>();
            for (Path file : doomed) {
                bytes += Files.size(file);
                Files.delete(file);
                days.add(file.getParent());
            }
            for (Path day : days) {
                try (Stream<Path> left = Files.list(day)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(day);
                    }
                }
            }
            if (!doomed.isEmpty()) {
                forceDirectory(dir);
                dropMarks(doomedIds);
            }
        }
        return new Removal(doomed, kept, bytes);
    }

    /** Rewrites {@code published.log} without the given polls' marks: a new file, forced, then moved into place. */
    private void dropMarks(Set<UUID> ids) throws IOException {
        if (!Files.exists(marks)) {
            return;
        }
        String text = Files.readString(marks, StandardCharsets.UTF_8);
        StringBuilder keep = new StringBuilder(text.length());
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            String mark = line.strip();
            boolean drop = false;
            if (mark.length() >= UUID_TEXT) {
                try {
                    drop = ids.contains(UUID.fromString(mark.substring(mark.length() - UUID_TEXT)));
                } catch (IllegalArgumentException e) {
                    // a fragment: kept as it is, as published() reads it
                }
            }
            if (!drop && !line.isEmpty()) {
                keep.append(line).append('\n');
            }
        }
        Path fresh = dir.resolve("published.log.new");
        try (FileOutputStream out = new FileOutputStream(fresh.toFile())) {
            out.write(keep.toString().getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        }
        Files.move(fresh, marks, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    Path fileFor(Instant observedAt) {
        return dir.resolve(DAY.format(observedAt)).resolve(HOUR.format(observedAt) + SUFFIX);
    }

    /** Archive files whose hour overlaps {@code [from, to)}, oldest first. */
    private List<Path> files(Instant from, Instant to) throws IOException {
        try (Stream<Path> all = Files.walk(dir, 2)) {
            return all.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted()
                    .filter(p -> overlaps(hourOf(p), from, to)).toList();
        }
    }

    private static boolean overlaps(Instant hour, Instant from, Instant to) {
        return hour == null || (hour.plus(1, ChronoUnit.HOURS).isAfter(from) && hour.isBefore(to));
    }

    /** The hour a file holds, from its path; null for a name this archive did not write. */
    private static Instant hourOf(Path file) {
        try {
            String day = file.getParent().getFileName().toString();
            String hour = file.getFileName().toString().replace(SUFFIX, "");
            return Instant.parse(day + "T" + hour + ":00:00Z");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void readFile(Path file, List<ArchivedPoll> polls, List<String> damaged,
            Predicate<ArchivedPoll> keep) {
        byte[] last = new byte[0];
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 65_536))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            // A line ends its member, but the member's trailer (CRC-32, length) is checked only by the read after
            // the line: the poll is pending until then. If that read fails, the poll counts only when its trailer
            // is in the file, i.e. the cut lies in a later member rather than in this poll's trailer.
            ArchivedPoll pending = null;
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (pending != null) {
                        polls.add(pending);
                        pending = null;
                    }
                    line.write(b);
                    if (b == '\n') {
                        last = line.toByteArray();
                        ArchivedPoll poll = decode(json.readTree(last));
                        pending = keep.test(poll) ? poll : null;
                        line.reset();
                    }
                }
                if (pending != null) {
                    polls.add(pending);
                }
            } catch (IOException e) {
                // A crash cut the last member: every complete poll before it was read; the rest is lost.
                if (pending != null && containsTrailerOf(file, last)) {
                    polls.add(pending);
                }
                damaged.add(file + ": " + e.getMessage());
                return;
            }
            if (!endsWithMemberOf(file, last)) {
                damaged.add(file + ": trailing bytes after the last complete poll (an append cut short)");
            }
        } catch (IOException e) {
            damaged.add(file + ": unreadable: " + e.getMessage());
        }
    }

    /**
     * Whether the file ends exactly with the gzip trailer of the member holding {@code lastLine}. The JDK's reader
     * stops quietly at a few trailing bytes it cannot read as a member header, so a cut-short append can look like
     * a clean end; the trailer (CRC-32 and length of the member's content) tells the two apart.
     */
    private static boolean endsWithMemberOf(Path file, byte[] lastLine) throws IOException {
        long size = Files.size(file);
        if (size < TRAILER) {
            return size == 0;
        }
        ByteBuffer end = ByteBuffer.allocate(TRAILER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(channel, end, size - TRAILER);
        }
        return Arrays.equals(end.array(), trailerOf(lastLine));
    }

    /**
     * Whether the trailer of the member holding {@code line} occurs anywhere in the file, searched from the end
     * (where a damaged file's last members are). Only used on a damaged file.
     */
    private static boolean containsTrailerOf(Path file, byte[] line) throws IOException {
        byte[] trailer = trailerOf(line);
        int step = 65_536;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long start = Math.max(0, size - step); ; start = Math.max(0, start - step)) {
                // Each window overlaps the next by TRAILER - 1 bytes, so a trailer across a boundary is found.
                ByteBuffer window = ByteBuffer.allocate((int) (Math.min(size, start + step + TRAILER - 1) - start));
                readFully(channel, window, start);
                if (indexOf(window.array(), trailer) >= 0) {
                    return true;
                }
                if (start == 0) {
                    return false;
                }
            }
        }
    }

    /** The gzip trailer of a member whose content is {@code content}: CRC-32 and length, little-endian. */
    private static byte[] trailerOf(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue())
                .putInt(content.length).array();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file shorter than expected");
            }
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private ObjectNode encode(ArchivedPoll poll) {
        ObjectNode node = json.createObjectNode();
        node.put("schema", SCHEMA);
        node.put("pollId", poll.pollId().toString());
        node.put("entity", poll.entity());
        node.put("source", poll.source());
        node.put("api", poll.api());
        node.put("observedAt", poll.observedAt().toString());
        node.put("outcome", poll.outcome().name());
        node.put("reason", poll.reason());
        node.put("requests", poll.requests());
        node.put("rejected", poll.rejected());
        node.put("drift", poll.driftJson());
        node.put("intervalMs", poll.intervalMs());
        ArrayNode pages = node.putArray("pages");
        for (ArchivedPoll.Page page : poll.pages()) {
            pages.addObject().put("offset", page.offset()).put("status", page.status())
                    .put("fetchedAt", page.fetchedAt().toString()).put("body", page.body());
        }
        return node;
    }

    private static ArchivedPoll decode(JsonNode node) {
        List<ArchivedPoll.Page> pages = new ArrayList<>();
        for (JsonNode page : node.get("pages")) {
            pages.add(new ArchivedPoll.Page(page.get("offset").asInt(), page.get("status").asInt(),
                    Instant.parse(page.get("fetchedAt").asText()), page.get("body").asText()));
        }
        String outcome = text(node, "outcome");
        return new ArchivedPoll(UUID.fromString(node.get("pollId").asText()), node.get("entity").asText(),
                node.get("source").asText(), text(node, "api"), Instant.parse(node.get("observedAt").asText()),
                outcome == null ? ArchivedPoll.Outcome.OK : ArchivedPoll.Outcome.valueOf(outcome),
                text(node, "reason"), node.path("requests").asInt(0), node.path("rejected").asInt(0),
                text(node, "drift"), pages, node.path("intervalMs").isIntegralNumber()
                        ? node.get("intervalMs").asLong() : null);
    }

    /** A text field; null when absent or null (lines written before the field existed). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Makes a new file's directory entry durable (Linux allows fsync on a directory). */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
