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
