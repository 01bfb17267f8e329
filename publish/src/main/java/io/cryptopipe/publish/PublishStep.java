package io.cryptopipe.publish;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.warehouse.BigQuerySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code batch publish --date D}: the day's marts into BigQuery ({@link BigQueryPublisher}), through the lake bucket
 * when one is set ({@link LakeBucket}). Without credentials (and no test endpoint), or without a project, it is
 * skipped: a skip is not a failure for the DAG.
 */
public final class PublishStep {
    /** How a publish ended when it did not throw. */
    public sealed interface Result permits Skipped, Published {
    }

    /** Nothing was sent; {@code reason} says why and what to set. */
    public record Skipped(String reason) implements Result {
    }

    /** Every mart loaded; {@code lakeObjects} are the lake files copied to the bucket (none without one). */
    public record Published(Partition day, List<BigQueryPublisher.Load> loads, List<String> lakeObjects)
            implements Result {
        public long rows() {
            return loads.stream().mapToLong(BigQueryPublisher.Load::rows).sum();
        }
    }

    private final BigQuerySchema schema;

    public PublishStep(BigQuerySchema schema) {
        this.schema = schema;
    }

    /** The shipped warehouse project's marts. */
    public static PublishStep ofShippedMarts() {
        return new PublishStep(BigQuerySchema.fromClasspath("warehouse"));
    }

    /**
     * Publishes {@code day}, printing one line per table to {@code progress}.
     *
     * @throws PublishException when the key file is unusable, the marts are missing, or a load failed
     */
    public Result run(PublishSettings settings, Partition day, PublishPaths paths, Consumer<String> progress) {
        if (settings.credentialsFile().isEmpty() && settings.endpoint().isEmpty()) {
            return new Skipped(GoogleAccess.ENV + " is not set (the path of a service account key file with "
                    + "BigQuery access); nothing was published");
        }
        GoogleAccess access = settings.credentialsFile().map(GoogleAccess::fromKeyFile).orElseGet(GoogleAccess::none);
        Optional<String> project = settings.project().or(access::projectId);
        if (project.isEmpty()) {
            return new Skipped("no BigQuery project: set --bq-project (CRYPTOPIPE_BQ_PROJECT), or use a key file "
                    + "with a project_id; nothing was published");
        }
        Path work = paths.work().resolve(day.toString());
        try {
            List<MartExport.Exported> exports = MartExport.export(paths.warehouseFile(), schema, day, work);
            BigQueryPublisher publisher = new BigQueryPublisher(bigQuery(settings, access, project.get()),
                    project.get(), settings.dataset(), settings.location(), progress);
            List<String> lakeObjects = List.of();
            Optional<List<String>> uris = Optional.empty();
            if (settings.bucket().isPresent()) {
                LakeBucket bucket = new LakeBucket(storage(settings, access, project.get()), settings.bucket().get(),
                        progress);
                lakeObjects = bucket.copyLakePartition(paths.lake(), day);
                uris = Optional.of(bucket.uploadMarts(exports, day));
            }
            return new Published(day, publisher.load(day, exports, uris), lakeObjects);
        } finally {
            deleteQuietly(work);
        }
    }

    static BigQuery bigQuery(PublishSettings settings, GoogleAccess access, String project) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(project)
                .setLocation(settings.location()).setCredentials(access.credentials());
        settings.endpoint().ifPresent(e -> options.setHost(root(e.toString())));
        return options.build().getService();
    }

    static Storage storage(PublishSettings settings, GoogleAccess access, String project) {
        StorageOptions.Builder options = StorageOptions.http().setProjectId(project)
                .setCredentials(access.credentials());
        settings.endpoint().ifPresent(e -> options.setHost(root(e.toString())));
        return options.build().getService();
    }

    private static String root(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover work file is overwritten by the next publish of the day
        }
    }
}
