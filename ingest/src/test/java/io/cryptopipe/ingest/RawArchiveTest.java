package io.cryptopipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw archive on a real file system: exact bodies back, a crash-cut tail costs only the last poll. */
class RawArchiveTest {
    static final Instant T0 = Instant.parse("2026-11-27T13:00:05Z");
    /** Bodies as CoinCap might send them, including what must survive byte for byte. */
    static final List<String> BODIES = List.of(
            "{\"data\":[{\"id\":\"bitcoin\",\"priceUsd\":\"85345.122097895015031100\"}],\"timestamp\":1795814087617}",
            "{\"data\":{\"id\":\"são-tomé-and-príncipe-dobra-(pre-2018)\",\"rateUsd\":\"0E-16\"},\"timestamp\":1}",
            "<html><body>502 Bad Gateway</body></html>\n\twith \"quotes\" and a trailing newline\n",
            "");

    @TempDir
    Path dir;

    @Test
    void aPollComesBackWithEveryBodyExactlyAsReceived() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        ArchivedPoll poll = poll(T0, BODIES);
        archive.append(poll);
        RawArchive.Contents contents = archive.read(T0, T0.plusSeconds(1));
        assertThat(contents.polls()).containsExactly(poll);
        assertThat(contents.damaged()).isEmpty();
        assertThat(dir.resolve("raw/2026-11-27/13.polls.gz")).isRegularFile();
    }

    @Test
    void aFileCutAnywhereInItsLastPollLosesOnlyThatPoll() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        List<ArchivedPoll> polls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            polls.add(poll(T0.plusSeconds(i * 10L), BODIES));
            archive.append(polls.get(i));
        }
        Path file = archive.fileFor(T0);
        long whole = Files.size(file);
        archive.append(poll(T0.plusSeconds(60), List.of("{\"data\":[],\"timestamp\":2}".repeat(50))));
        long withLast = Files.size(file);
        SortedSet<Long> cuts = new TreeSet<>();
        for (long cut = whole + 1; cut < withLast; cut += cut - whole < 40 ? 1 : (withLast - whole) / 17) {
            cuts.add(cut);
        }
        for (long cut = withLast - 8; cut < withLast; cut++) {
            cuts.add(cut); // inside the last member's trailer: its content is whole, but unconfirmed
        }
        for (long cut : cuts) {
            Path copy = dir.resolve("cut-" + cut).resolve("2026-11-27").resolve("13.polls.gz");
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            RawArchive.Contents contents = new RawArchive(dir.resolve("cut-" + cut)).read(T0, T0.plusSeconds(3600));
            assertThat(contents.polls()).as("cut at %d of %d", cut, withLast).containsExactlyElementsOf(polls);
            assertThat(contents.damaged()).as("cut at %d", cut).hasSize(1);
        }
    }

    @Test
    void unpublishedPollsAreThoseNotMarkedAndMarksSurviveAReopen() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        ArchivedPoll a = poll(T0, List.of("a"));
        ArchivedPoll b = poll(T0.plusSeconds(1), List.of("b"));
        ArchivedPoll c = poll(T0.plus(Duration.ofHours(2)), List.of("c"));
        archive.append(a);
        archive.append(b);
        archive.append(c);
        archive.markPublished(a.pollId());
        Files.writeString(dir.resolve("raw/published.log"), b.pollId().toString().substring(0, 8),
                StandardOpenOption.APPEND);
        RawArchive reopened = new RawArchive(dir.resolve("raw"));
        assertThat(reopened.published()).containsExactly(a.pollId());
        assertThat(reopened.unpublished().polls()).containsExactly(b, c);
    }

    @Test
    void readingARangeReturnsOnlyPollsObservedInIt() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        List<ArchivedPoll> polls = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            polls.add(poll(T0.plus(Duration.ofMinutes(45L * h)), List.of("p" + h)));
            archive.append(polls.get(h));
        }
        // observed at 13:00:05, 13:45:05, 14:30:05, 15:15:05
        assertThat(archive.read(Instant.parse("2026-11-27T13:30:00Z"), Instant.parse("2026-11-27T15:15:05Z"))
                .polls()).containsExactly(polls.get(1), polls.get(2));
        assertThat(archive.read(Instant.parse("2026-11-28T00:00:00Z"), Instant.MAX).polls()).isEmpty();
    }

    @Test
    void failedAndRefusedPollsComeBackWithTheirOutcomeReasonAndBody() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        String notice = "{\"data\":{\"message\":\"We have deprecated \\\"v2\\\" of the API.\"},\"timestamp\":1}";
        ArchivedPoll failed = new ArchivedPoll(UUID.randomUUID(), "rates", "http://h/v2", "v2", T0,
                ArchivedPoll.Outcome.FAILED, "DEPRECATED: CoinCap answered with its end-of-life notice", 1, 0, null,
                List.of(new ArchivedPoll.Page(0, 200, T0.plusMillis(3), notice)));
        ArchivedPoll refused = new ArchivedPoll(UUID.randomUUID(), "markets", "https://rest.coincap.io/v3", "v3",
                T0.plusSeconds(1), ArchivedPoll.Outcome.REFUSED, "BUDGET_EXHAUSTED: spent", 0, 0, null, List.of());
        ArchivedPoll ok = new ArchivedPoll(UUID.randomUUID(), "assets", "http://h/v3", "v3", T0.plusSeconds(2),
                ArchivedPoll.Outcome.OK, null, 3, 2, "{\"unknown\":{\"simExtra\":4},\"missing\":{}}",
                List.of(new ArchivedPoll.Page(0, 200, T0.plusSeconds(2), BODIES.get(0))));
        archive.append(failed);
        archive.append(refused);
        archive.append(ok);
        assertThat(new RawArchive(dir.resolve("raw")).read(T0, T0.plusSeconds(3)).polls())
                .containsExactly(failed, refused, ok);
    }

    @Test
    void linesArchivedBeforeOutcomesWereRecordedReadAsOkPollsWithNullsAndZeros() throws IOException {
        String line = "{\"schema\":1,\"pollId\":\"6f1c3a52-1111-4b7e-9c55-0123456789ab\",\"entity\":\"assets\","
                + "\"source\":\"http://h/v3\",\"observedAt\":\"2026-11-27T13:00:05Z\",\"pages\":[{\"offset\":0,"
                + "\"status\":200,\"fetchedAt\":\"2026-11-27T13:00:05.040Z\",\"body\":\"{}\"}]}\n";
        Path file = dir.resolve("raw/2026-11-27/13.polls.gz");
        Files.createDirectories(file.getParent());
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(line.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new RawArchive(dir.resolve("raw")).unpublished().polls()).containsExactly(new ArchivedPoll(
                UUID.fromString("6f1c3a52-1111-4b7e-9c55-0123456789ab"), "assets", "http://h/v3", null, T0,
                ArchivedPoll.Outcome.OK, null, 0, 0, null,
                List.of(new ArchivedPoll.Page(0, 200, T0.plusMillis(40), "{}"))));
    }

    @Test
    void aMarkWrittenAfterAMarkCutByACrashStillCounts() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        UUID cut = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        Files.writeString(dir.resolve("raw/published.log"), cut.toString().substring(0, 11));
        archive.markPublished(after);
        assertThat(archive.published()).containsExactly(after);
    }

    @Test
    void unpublishedSinceSkipsEarlierPolls() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        ArchivedPoll early = poll(T0, List.of("a"));
        ArchivedPoll late = poll(T0.plus(Duration.ofHours(3)), List.of("b"));
        ArchivedPoll later = poll(T0.plus(Duration.ofHours(3)).plusSeconds(1), List.of("c"));
        archive.append(early);
        archive.append(late);
        archive.append(later);
        archive.markPublished(later.pollId());
        assertThat(archive.unpublished(late.observedAt()).polls()).containsExactly(late);
        assertThat(archive.unpublished().polls()).containsExactly(early, late);
    }

    @Test
    void thePollersIntervalComesBackAsArchived() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        ArchivedPoll base = poll(T0, List.of("{}"));
        ArchivedPoll withInterval = new ArchivedPoll(base.pollId(), base.entity(), base.source(), base.api(),
                base.observedAt(), base.outcome(), base.reason(), base.requests(), base.rejected(), base.driftJson(),
                base.pages(), 10_000L);
        archive.append(withInterval);
        assertThat(archive.unpublished().polls()).singleElement()
                .satisfies(p -> assertThat(p.intervalMs()).isEqualTo(10_000L)).isEqualTo(withInterval);
    }

    @Test
    void rotationDeletesOnlyWholePastHoursWhosePollsAreAllPublishedAndForgetsTheirMarks() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        Instant day1 = Instant.parse("2026-11-20T10:00:00Z");
        ArchivedPoll oldA = poll(day1.plusSeconds(5), List.of("a"));
        ArchivedPoll oldB = poll(day1.plusSeconds(15), List.of("b"));
        ArchivedPoll heldBack = poll(day1.plus(Duration.ofHours(1)).plusSeconds(5), List.of("c"));
        ArchivedPoll heldBackPublished = poll(day1.plus(Duration.ofHours(1)).plusSeconds(9), List.of("c"));
        ArchivedPoll cutoffHour = poll(Instant.parse("2026-11-21T07:10:00Z"), List.of("d"));
        ArchivedPoll recent = poll(Instant.parse("2026-11-27T13:00:00Z"), List.of("e"));
        for (ArchivedPoll p : List.of(oldA, oldB, heldBack, heldBackPublished, cutoffHour, recent)) {
            archive.append(p);
        }
        for (ArchivedPoll p : List.of(oldA, oldB, heldBackPublished, cutoffHour, recent)) {
            archive.markPublished(p.pollId());
        }
        Instant cutoff = Instant.parse("2026-11-21T07:30:00Z"); // inside the hour of cutoffHour

        RawArchive.Removal removal = archive.removePublishedBefore(cutoff);

        assertThat(removal.deleted()).containsExactly(dir.resolve("raw/2026-11-20/10.polls.gz"));
        assertThat(removal.bytes()).isPositive();
        assertThat(removal.kept()).singleElement().asString().contains("11.polls.gz").contains("1 poll(s) not published");
        assertThat(dir.resolve("raw/2026-11-20/11.polls.gz")).exists();
        assertThat(dir.resolve("raw/2026-11-21/07.polls.gz")).exists();
        assertThat(archive.published()).containsExactlyInAnyOrder(heldBackPublished.pollId(), cutoffHour.pollId(),
                recent.pollId());
        assertThat(archive.unpublished().polls()).containsExactly(heldBack);

        archive.markPublished(heldBack.pollId());
        assertThat(archive.removePublishedBefore(cutoff).deleted())
                .containsExactly(dir.resolve("raw/2026-11-20/11.polls.gz"));
        assertThat(dir.resolve("raw/2026-11-20")).doesNotExist();
        assertThat(archive.read(Instant.MIN, Instant.MAX).polls()).containsExactly(cutoffHour, recent);
        assertThat(archive.published()).containsExactlyInAnyOrder(cutoffHour.pollId(), recent.pollId());
    }

    @Test
    void rotationKeepsAFileWithADamagedTail() throws IOException {
        RawArchive archive = new RawArchive(dir.resolve("raw"));
        ArchivedPoll first = poll(T0, List.of("a"));
        ArchivedPoll second = poll(T0.plusSeconds(10), List.of("b"));
        archive.append(first);
        archive.append(second);
        archive.markPublished(first.pollId());
        archive.markPublished(second.pollId());
        Path file = archive.fileFor(T0);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 3);
        }
        RawArchive.Removal removal = archive.removePublishedBefore(T0.plus(Duration.ofDays(1)));
        assertThat(removal.deleted()).isEmpty();
        assertThat(removal.kept()).singleElement().asString().contains("damaged");
        assertThat(file).exists();
    }

    private static ArchivedPoll poll(Instant observedAt, List<String> bodies) {
        List<ArchivedPoll.Page> pages = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            pages.add(new ArchivedPoll.Page(i * 2_000, i == 2 ? 502 : 200, observedAt.plusMillis(40L * i),
                    bodies.get(i)));
        }
        return new ArchivedPoll(UUID.randomUUID(), "assets", "http://127.0.0.1:9000/v3", "v3", observedAt,
                ArchivedPoll.Outcome.OK, null, bodies.size() + 1, 0, "{\"unknown\":{},\"missing\":{}}", pages);
    }
}
