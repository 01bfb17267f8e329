package io.cryptopipe.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The credentials a publish sends: those of the key file {@code GOOGLE_APPLICATION_CREDENTIALS} names, or none
 * (for an emulator or a test peer). Messages name the file, never its contents.
 */
record GoogleAccess(Credentials credentials, Optional<String> projectId) {
    static final String ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery",
            "https://www.googleapis.com/auth/devstorage.read_write");

    static GoogleAccess none() {
        return new GoogleAccess(NoCredentials.getInstance(), Optional.empty());
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            return null; // the parser's message quotes the file, which may hold a key: not shown
        }
    }

    /** Reads a key file: a service account key (with its {@code project_id}) or any other ADC file. */
    static GoogleAccess fromKeyFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PublishException(ENV + "=" + file + ": no such file");
        } catch (IOException e) {
            throw new PublishException(ENV + "=" + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode json = parse(bytes);
        if (json == null || !json.isObject() || !json.path("type").isTextual()) {
            throw new PublishException(ENV + "=" + file + ": not a Google key file (a JSON object with a \"type\")");
        }
        Optional<String> project = Optional.ofNullable(json.path("project_id").textValue())
                .or(() -> Optional.ofNullable(json.path("quota_project_id").textValue()))
                .filter(p -> !p.isBlank());
        try {
            GoogleCredentials credentials = GoogleCredentials.fromStream(new ByteArrayInputStream(bytes))
                    .createScoped(SCOPES);
            return new GoogleAccess(credentials, project);
        } catch (IOException | RuntimeException e) {
            throw new PublishException(ENV + "=" + file + ": not usable as Google credentials (type "
                    + json.path("type").asText() + ")");
        }
    }
}
