package io.cryptopipe.publish;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FormatOptions;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LoadConfiguration;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableDataWriteChannel;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.cloud.bigquery.WriteChannelConfiguration;
import io.cryptopipe.core.batch.Partition;
import io.cryptopipe.warehouse.BigQuerySchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Loads a day's mart files into BigQuery with the official client, one Parquet load job per mart:
 * <ul>
 *   <li>a mart with a {@code date} column into its day partition, {@code <table>$YYYYMMDD}, WRITE_TRUNCATE: the load
 *       replaces exactly that partition, as the DuckDB models replace their day, so publishing a day again is
 *       idempotent;</li>
 *   <li>a mart without (the dimensions, rebuilt from every day) into the whole table, WRITE_TRUNCATE.</li>
 * </ul>
 * Every load carries the mart's schema (the one Terraform declares, {@link BigQuerySchema}),
 * {@code decimalTargetTypes = [NUMERIC, BIGNUMERIC]} (the rule {@link BigQuerySchema#type} follows, so DECIMAL(38,18)
 * lands as BIGNUMERIC) and CREATE_NEVER: the tables are Terraform's (clustering, descriptions, deletion protection),
 * and a load that created a missing one would make a bare table Terraform then collides with. A missing table is an
 * error naming it instead. The jobs are started together and then awaited; a failed one fails the publish with
 * BigQuery's message.
 */
public final class BigQueryPublisher {
    static final List<String> DECIMAL_TARGET_TYPES = List.of("NUMERIC", "BIGNUMERIC");
    private static final DateTimeFormatter DECORATOR = DateTimeFormatter.BASIC_ISO_DATE;

    /** One load done: the mart, its rows, {@code project:dataset.table[$YYYYMMDD]}, the job and, via GCS, the URI. */
    public record Load(String mart, long rows, String destination, String jobId, Optional<String> sourceUri) {
    }

    private final BigQuery bigquery;
    private final String project;
    private final String dataset;
    private final String location;
    private final Consumer<String> progress;

    BigQueryPublisher(BigQuery bigquery, String project, String dataset, String location, Consumer<String> progress) {
        this.bigquery = bigquery;
        this.project = project;
        this.dataset = dataset;
        this.location = location;
        this.progress = progress;
    }

    /**
     * Loads each exported file, uploading it with its job, or from {@code sourceUris} (same order) when the files
     * were copied to GCS.
     */
    List<Load> load(Partition day, List<MartExport.Exported> exports, Optional<List<String>> sourceUris) {
        List<Job> started = new ArrayList<>();
        for (int i = 0; i < exports.size(); i++) {
            int index = i;
            started.add(start(day, exports.get(i), sourceUris.map(u -> u.get(index))));
        }
        List<Load> loads = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < exports.size(); i++) {
            MartExport.Exported e = exports.get(i);
            TableId table = destination(day, e);
            String jobId = started.get(i).getJobId().getJob();
            Optional<String> failure = await(started.get(i), e);
            if (failure.isPresent()) {
                failures.add(e.mart() + " -> " + show(table) + " (job " + jobId + "): " + failure.get());
                progress.accept(String.format(Locale.ROOT, "  %-22s FAILED  job %s: %s", e.mart(), jobId,
                        failure.get()));
                continue;
            }
            int index = i;
            Load load = new Load(e.mart(), e.rows(), show(table), jobId, sourceUris.map(u -> u.get(index)));
            loads.add(load);
            progress.accept(String.format(Locale.ROOT, "  %-22s %8d rows -> %s  job %s", e.mart(), e.rows(),
                    load.destination(), jobId));
        }
        if (!failures.isEmpty()) {
            throw new PublishException("BigQuery load" + (failures.size() > 1 ? "s" : "") + " of " + day
                    + " failed:\n  " + String.join("\n  ", failures));
        }
        return loads;
    }

    private Job start(Partition day, MartExport.Exported e, Optional<String> sourceUri) {
        TableId table = destination(day, e);
        JobId jobId = JobId.newBuilder().setProject(project).setLocation(location)
                .setJob("cryptopipe_" + e.mart() + "_" + day.date().format(DECORATOR) + "_" + UUID.randomUUID())
                .build();
        try {
            if (sourceUri.isPresent()) {
                LoadJobConfiguration.Builder config = LoadJobConfiguration.newBuilder(table, sourceUri.get());
                configure(config, e);
                return bigquery.create(JobInfo.of(jobId, config.build()));
            }
            WriteChannelConfiguration.Builder config = WriteChannelConfiguration.newBuilder(table);
            configure(config, e);
            TableDataWriteChannel writer = bigquery.writer(jobId, config.build());
            try (OutputStream out = Channels.newOutputStream(writer)) {
                Files.copy(e.file(), out);
            }
            Job job = writer.getJob();
            if (job == null) {
                throw new PublishException("loading " + e.mart() + " into " + show(table)
                        + ": the upload ended without a job");
            }
            return job;
        } catch (BigQueryException ex) {
            throw new PublishException("loading " + e.mart() + " into " + show(table) + ": " + describe(ex), ex);
        } catch (IOException ex) {
            throw new PublishException("uploading " + e.file() + " for " + show(table) + ": " + ex.getMessage(), ex);
        }
    }

    /** The job's failure, empty when it succeeded with every exported row. */
    private Optional<String> await(Job job, MartExport.Exported e) {
        Job done;
        try {
            done = job.waitFor();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for BigQuery job " + job.getJobId().getJob(), ex);
        } catch (BigQueryException ex) {
            // the client throws for a job that ended with an errorResult
            return Optional.of(describe(ex));
        }
        if (done == null) {
            return Optional.of("the job no longer exists");
        }
        BigQueryError error = done.getStatus().getError();
        if (error != null) {
            return Optional.of(error.getMessage() + " [" + error.getReason() + "]" + hint(error.getReason()));
        }
        JobStatistics.LoadStatistics statistics = done.getStatistics();
        Long loaded = statistics == null ? null : statistics.getOutputRows();
        if (loaded != null && loaded != e.rows()) {
            return Optional.of("BigQuery loaded " + loaded + " rows of the " + e.rows() + " in " + e.file());
        }
        return Optional.empty();
    }

    private static String describe(BigQueryException ex) {
        BigQueryError error = ex.getError();
        String reason = error != null && error.getReason() != null ? error.getReason() : ex.getReason();
        String message = error != null && error.getMessage() != null ? error.getMessage() : ex.getMessage();
        return message + (reason == null ? "" : " [" + reason + "]") + hint(reason);
    }

    private static String hint(String reason) {
        return "notFound".equals(reason)
                ? " (the dataset and tables are created by deploy/terraform: terraform apply, and check "
                        + "--bq-project, --bq-dataset and --bq-location)"
                : "";
    }

    private void configure(LoadConfiguration.Builder config, MartExport.Exported e) {
        config.setFormatOptions(FormatOptions.parquet());
        config.setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE);
        config.setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER);
        config.setSchema(schema(e.fields()));
        config.setDecimalTargetTypes(DECIMAL_TARGET_TYPES);
        if (e.partitioned()) {
            config.setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.DAY)
                    .setField(MartExport.DATE_COLUMN).build());
        }
    }

    TableId destination(Partition day, MartExport.Exported e) {
        return TableId.of(project, dataset, e.partitioned() ? e.mart() + "$" + day.date().format(DECORATOR) : e.mart());
    }

    static String show(TableId table) {
        return table.getProject() + ":" + table.getDataset() + "." + table.getTable();
    }

    static Schema schema(List<BigQuerySchema.Field> fields) {
        List<Field> out = new ArrayList<>();
        for (BigQuerySchema.Field f : fields) {
            Field.Builder b = Field.newBuilder(f.name(), StandardSQLTypeName.valueOf(f.type()))
                    .setMode(Field.Mode.valueOf(f.mode()));
            if (f.description() != null) {
                b.setDescription(f.description());
            }
            out.add(b.build());
        }
        return Schema.of(out);
    }
}
