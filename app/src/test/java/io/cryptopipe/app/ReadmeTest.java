package io.cryptopipe.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptopipe.core.config.ConfigKey;
import io.cryptopipe.core.config.ConfigKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README is the user's reference: its configuration table must match the declared keys. */
class ReadmeTest {
    static final Path README = Path.of("..", "README.md");

    @Test
    void configurationTableHasOneCorrectRowPerDeclaredKey() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            List<String> rows = lines.stream().filter(l -> l.startsWith("| `" + key.name() + "` |")).toList();
            assertThat(rows).as("README row for %s", key).hasSize(1);
            assertThat(rows.get(0)).as("README row for %s", key)
                    .contains("`" + key.env() + "`")
                    .contains(key.flag().map(f -> "`" + f + "`").orElse("—"))
                    .contains(key.defaultText().map(d -> "`" + d + "`").orElse("(unset)"));
        }
    }

    @Test
    void startsWithTheTwoCommandsForAFreshMachine() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String top = readme.substring(0, readme.indexOf("## "));
        assertThat(top).contains("./cryptopipe up").contains("./mvnw verify");
    }
}
