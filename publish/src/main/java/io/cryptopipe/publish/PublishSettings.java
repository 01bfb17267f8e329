package io.cryptopipe.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PublishStep} needs from the configuration.
 *
 * @param credentialsFile {@code GOOGLE_APPLICATION_CREDENTIALS}: a key file; empty: no credentials
 * @param project         the BigQuery project; empty: the key file's {@code project_id}
 * @param dataset         the dataset of the mart tables
 * @param location        the dataset's location, where the load jobs run
 * @param bucket          the lake bucket; empty: the mart files are uploaded with the load jobs
 * @param endpoint        a root URL replacing Google's for BigQuery and GCS (emulators, tests); empty: Google's
 */
public record PublishSettings(Optional<Path> credentialsFile, Optional<String> project, String dataset,
        String location, Optional<String> bucket, Optional<URI> endpoint) {
    public PublishSettings {
        Objects.requireNonNull(credentialsFile);
        Objects.requireNonNull(project);
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(location);
        Objects.requireNonNull(bucket);
        Objects.requireNonNull(endpoint);
    }
}
