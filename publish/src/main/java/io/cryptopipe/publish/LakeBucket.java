package io.cryptopipe.publish;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.cryptopipe.core.batch.Partition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The lake bucket of deploy/terraform: a day's lake partition is copied to {@code lake/<table>/date=D/} (as locally;
 * objects of an earlier copy that the partition no longer has are deleted, so the prefix is the partition), and the
 * day's mart files to {@code marts/<mart>/date=D/<mart>.parquet}, from where BigQuery loads them.
 */
final class LakeBucket {
    static final String PARQUET = "application/vnd.apache.parquet";

    private final Storage storage;
    private final String bucket;
    private final Consumer<String> progress;

    LakeBucket(Storage storage, String bucket, Consumer<String> progress) {
        this.storage = storage;
        this.bucket = bucket;
        this.progress = progress;
    }

    /** Copies {@code <lake>/<table>/date=D/*} of every lake table that has the day; returns the objects written. */
    List<String> copyLakePartition(Path lake, Partition day) {
        List<String> written = new ArrayList<>();
        if (!Files.isDirectory(lake)) {
            return written;
        }
        try (Stream<Path> tables = Files.list(lake)) {
            for (Path table : tables.filter(Files::isDirectory).sorted().toList()) {
                String name = table.getFileName().toString();
                Path partition = table.resolve("date=" + day);
                if (name.startsWith("_") || name.startsWith(".") || !Files.isDirectory(partition)) {
                    continue;
                }
                String prefix = "lake/" + name + "/date=" + day + "/";
                Set<String> names = new TreeSet<>();
                try (Stream<Path> files = Files.list(partition)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String object = prefix + f.getFileName();
                        upload(f, object);
                        names.add(object);
                    }
                }
                deleteOthers(prefix, names);
                written.addAll(names);
                progress.accept("  lake " + name + "/date=" + day + ": " + names.size() + " file"
                        + (names.size() == 1 ? "" : "s") + " -> gs://" + bucket + "/" + prefix);
            }
        } catch (IOException e) {
            throw new PublishException("copying the lake partition " + day + " to gs://" + bucket + ": " + e, e);
        }
        return written;
    }

    /** Uploads the mart files; returns their {@code gs://} URIs in the same order. */
    List<String> uploadMarts(List<MartExport.Exported> exports, Partition day) {
        List<String> uris = new ArrayList<>();
        for (MartExport.Exported e : exports) {
            String object = "marts/" + e.mart() + "/date=" + day + "/" + e.mart() + ".parquet";
            upload(e.file(), object);
            uris.add("gs://" + bucket + "/" + object);
        }
        return uris;
    }

    private void upload(Path file, String object) {
        try {
            storage.createFrom(BlobInfo.newBuilder(BlobId.of(bucket, object)).setContentType(PARQUET).build(), file);
        } catch (IOException | StorageException e) {
            throw new PublishException("uploading " + file + " to gs://" + bucket + "/" + object + ": "
                    + e.getMessage(), e);
        }
    }

    private void deleteOthers(String prefix, Set<String> keep) {
        try {
            Page<Blob> page = storage.list(bucket, Storage.BlobListOption.prefix(prefix));
            for (Blob blob : page.iterateAll()) {
                if (!keep.contains(blob.getName())) {
                    storage.delete(BlobId.of(bucket, blob.getName()));
                }
            }
        } catch (StorageException e) {
            throw new PublishException("replacing gs://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }
}
