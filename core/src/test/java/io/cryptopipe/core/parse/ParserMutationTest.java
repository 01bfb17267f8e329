package io.cryptopipe.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.core.model.ApiShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates real-shaped bodies thousands of times (seeded, so failures reproduce) and feeds every result to every
 * entry point: nothing may throw, and every item of a parsable list must come out as a record or a rejection.
 */
class ParserMutationTest {
    static final int MUTANTS_PER_SEED = 5_000;
    static final String[] TOKENS = {"null", "{}", "[]", "\"\"", "\"abc\"", "1e99999999999", "-1", "0E-16", "NaN",
            "\"-5\"", "true", ",", ":", "\"", "{", "]", "\"1.5\"", "12345678901234567890123", "\"\\u0000\""};
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<Entity<?>> ENTITIES = List.of(Entity.ASSET, Entity.RATE, Entity.EXCHANGE, Entity.MARKET,
            Entity.ASSET_MARKET, Entity.HISTORY);

    @Test
    void mutatedBodiesNeverThrowAndEveryListItemIsAccountedFor() throws IOException {
        int parsedLists = 0;
        for (String seed : List.of("seed-assets-v3.json", "seed-markets-v2.json")) {
            String body = fixture(seed);
            Random random = new Random(seed.hashCode());
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                String mutant = mutate(body, random);
                int items = arrayItems(mutant);
                for (ApiShape shape : ApiShape.values()) {
                    CoinCapParser parser = new CoinCapParser(shape);
                    for (Entity<?> entity : ENTITIES) {
                        ParsedResponse<?> list = parser.parseList(entity, mutant);
                        parser.parseOne(entity, mutant);
                        if (items >= 0 && list instanceof ParsedResponse.Page<?> page) {
                            assertThat(page.accepted().size() + page.rejections().size()).as(mutant).isEqualTo(items);
                            parsedLists++;
                        }
                    }
                    parser.parsePriceFrame(mutant, Instant.EPOCH);
                    parser.parseError(500, mutant);
                }
            }
        }
        assertThat(parsedLists).as("mutants that still parse as lists").isGreaterThan(1_000);
    }

    @Test
    void aJsonNumberBeyondBigDecimalRangeRejectsOnlyItsItem() {
        String body = "{\"data\":[{\"id\":\"usd\",\"symbol\":\"USD\",\"currencySymbol\":\"$\",\"type\":\"fiat\","
                + "\"rateUsd\":1.5e-99999999999},{\"id\":\"euro\",\"symbol\":\"EUR\",\"currencySymbol\":null,"
                + "\"type\":\"fiat\",\"rateUsd\":\"1.16\"}],\"timestamp\":1}";
        ParsedResponse.Page<?> page = (ParsedResponse.Page<?>) new CoinCapParser(ApiShape.V3)
                .parseList(Entity.RATE, body);
        assertThat(page.items()).hasSize(1);
        assertThat(page.rejections()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(RejectCode.NOT_A_DECIMAL);
            assertThat(r.field()).isEqualTo("rateUsd");
        });
    }

    /** One to three random edits: flip a character, delete a span, insert a JSON token, or truncate. */
    static String mutate(String body, Random random) {
        StringBuilder s = new StringBuilder(body);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(12)));
                case 2 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }

    /** Items in {@code data} when the mutant is still a JSON object with an array there, else -1. */
    static int arrayItems(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode data = root == null ? null : root.get("data");
            return data != null && data.isArray() ? data.size() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ParserMutationTest.class.getResourceAsStream("/fuzz/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
