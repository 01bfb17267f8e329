package io.cryptopipe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served log's line format, appending, and its silence when unset or closed. */
class ServedLogTest {
    @TempDir
    Path dir;

    @Test
    void writesOneEscapedJsonLinePerItemAndAppendsAcrossOpens() throws Exception {
        Path file = dir.resolve("served.jsonl");
        try (ServedLog log = ServedLog.open(file)) {
            log.record(1_000L, 7, "/v3/rates", ItemKind.RATE,
                    List.of(new ServedItem("são-tomé-\"dobra\"", false), new ServedItem("euro", true)));
        }
        try (ServedLog log = ServedLog.open(file)) {
            log.record(2_000L, 8, "/prices", ItemKind.PRICE, List.of(new ServedItem("bitcoin", false)));
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "{\"at\":1000,\"request\":7,\"path\":\"/v3/rates\",\"entity\":\"rate\","
                        + "\"key\":\"são-tomé-\\\"dobra\\\"\",\"corrupted\":false}",
                "{\"at\":1000,\"request\":7,\"path\":\"/v3/rates\",\"entity\":\"rate\",\"key\":\"euro\","
                        + "\"corrupted\":true}",
                "{\"at\":2000,\"request\":8,\"path\":\"/prices\",\"entity\":\"price\",\"key\":\"bitcoin\","
                        + "\"corrupted\":false}");
    }

    @Test
    void answersFinishingAfterCloseAreNotLogged() throws Exception {
        Path file = dir.resolve("served.jsonl");
        ServedLog log = ServedLog.open(file);
        log.close();
        log.record(1L, 1, "/v3/assets", ItemKind.ASSET, List.of(new ServedItem("bitcoin", false)));
        assertThat(Files.readAllLines(file)).isEmpty();
    }

    @Test
    void withoutAPathNothingIsWritten() throws Exception {
        try (ServedLog log = ServedLog.open(null)) {
            log.record(1L, 1, "/v3/assets", ItemKind.ASSET, List.of(new ServedItem("bitcoin", false)));
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
