package io.cryptopipe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    static final int SCHEMA = 1;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final String SUFFIX = ".polls.gz";

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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(member);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (created) {
            forceDirectory(file.getParent());
            forceDirectory(dir);
        }
    }

    /** Records that a poll reached the broker; a lost mark only makes a restart republish it (sinks are idempotent). */
    public synchronized void markPublished(UUID pollId) throws IOException {
        Files.writeString(marks, pollId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Ids marked published; a half-written last line (a crash mid-mark) is ignored. */
    public synchronized Set<UUID> published() throws IOException {
        Set<UUID> ids = new HashSet<>();
        if (!Files.exists(marks)) {
            return ids;
        }
        String text = Files.readString(marks, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (!line.isBlank()) {
                ids.add(UUID.fromString(line.strip()));
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
        Set<UUID> done = published();
        List<ArchivedPoll> polls = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Path file : files(Instant.MIN, Instant.MAX)) {
            readFile(file, polls, damaged, p -> !done.contains(p.pollId()));
        }
        return new Contents(polls, damaged);
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
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    line.write(b);
                    if (b == '\n') {
                        last = line.toByteArray();
                        ArchivedPoll poll = decode(json.readTree(last));
                        if (keep.test(poll)) {
                            polls.add(poll);
                        }
                        line.reset();
                    }
                }
            } catch (IOException e) {
                // A crash cut the last member: every complete line before it was read; the rest is lost.
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
        if (size < 8) {
            return size == 0;
        }
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(trailer, size - 8);
        }
        trailer.flip();
        CRC32 crc = new CRC32();
        crc.update(lastLine);
        return (trailer.getInt() & 0xffffffffL) == crc.getValue()
                && (trailer.getInt() & 0xffffffffL) == (lastLine.length & 0xffffffffL);
    }

    private ObjectNode encode(ArchivedPoll poll) {
        ObjectNode node = json.createObjectNode();
        node.put("schema", SCHEMA);
        node.put("pollId", poll.pollId().toString());
        node.put("entity", poll.entity());
        node.put("source", poll.source());
        node.put("observedAt", poll.observedAt().toString());
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
        return new ArchivedPoll(UUID.fromString(node.get("pollId").asText()), node.get("entity").asText(),
                node.get("source").asText(), Instant.parse(node.get("observedAt").asText()), pages);
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
