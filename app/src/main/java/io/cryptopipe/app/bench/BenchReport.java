package io.cryptopipe.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@code bench stream} run measured, as one table for people and one JSON object for tools. Pure: it only
 * computes and formats (the ratio, the steady rate from Spark's batches, the verdicts against the targets).
 *
 * <p>The ratio is end-to-end records/s over <b>direct COPY</b> rows/s, the stricter of the two baselines: direct COPY
 * is the least PostgreSQL must do to store the rows, while COPY + merge is what the sink's transaction does anyway.
 * Targets are those set for 2 cores; missing one is a finding, not an error.
 *
 * @param direct      (a1) direct COPY
 * @param merge       (a2) COPY + merge through the real sink
 * @param e2eBatches  the micro-batches of the end-to-end run that had input
 * @param liveBatches the micro-batches with input after it (the freshness phases)
 * @param steady      (c) freshness at a steady rate
 * @param bursts      (c2) freshness of {@code up}-shaped polls; null when not run
 * @param phases      CPU and peak RSS per phase, in run order
 * @param peakRssMb   {@code VmHWM} of this process, -1 when unknown
 * @param wallSeconds the whole run, engines included
 */
record BenchReport(Setup setup, CopyBaseline.Pass direct, CopyBaseline.Pass merge, EndToEnd.Backlog backlog,
        EndToEnd.Result e2e, List<BatchLog.Batch> e2eBatches, List<BatchLog.Batch> liveBatches,
        FreshnessFigures steady, FreshnessFigures bursts, List<PhaseRecorder.Phase> phases, double peakRssMb,
        double wallSeconds) {
    static final double RATIO_TARGET = 0.6;
    static final double P50_TARGET_MS = 500;
    static final double P99_TARGET_MS = 1000;
    static final double RSS_TARGET_MB = 3072;
    /** Spark's phases of a micro-batch, in the order they run. */
    static final List<String> PHASES = List.of("latestOffset", "getBatch", "queryPlanning", "walCommit", "addBatch",
            "commitOffsets");

    BenchReport {
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(merge, "merge");
        Objects.requireNonNull(e2e, "e2e");
        Objects.requireNonNull(steady, "steady");
        e2eBatches = List.copyOf(e2eBatches);
        liveBatches = List.copyOf(liveBatches);
        phases = List.copyOf(phases);
    }

    /**
     * The run's shape.
     *
     * @param batchRows    records per partition per micro-batch ({@code maxOffsets / partitions}): the rows of one
     *                     sink transaction, and of one baseline chunk
     * @param sampleEveryMs how often the freshness sampler reads {@code stream_progress}: the latency resolution
     * @param loadBefore   {@code /proc/loadavg} before the run (other work makes the numbers noisy)
     */
    record Setup(int cores, long records, long triggerMs, int maxOffsets, int partitions, int batchRows,
            String sparkMaster, List<String> entities, int backlogPollSize, long sampleEveryMs, String loadBefore,
            String loadAfter) {
        Setup {
            entities = List.copyOf(entities);
        }
    }

    /**
     * One freshness phase.
     *
     * @param latency      fetch to all rows committed
     * @param publish      fetch to every record acknowledged (archive and publish)
     * @param targetRate   items a second asked for (0 for bursts)
     * @param achievedRate items a second achieved over the measured span
     */
    record FreshnessFigures(Percentiles latency, Percentiles publish, int polls, long items, int itemsPerPoll,
            long everyMs, double targetRate, double achievedRate) {
    }

    /** e2e records/s over direct-COPY rows/s. */
    double e2eToCopyRatio() {
        return ratio(e2e.recordsPerSecond(), direct.rowsPerSecond());
    }

    double e2eToCopyMergeRatio() {
        return ratio(e2e.recordsPerSecond(), merge.rowsPerSecond());
    }

    /**
     * Records a second over the full batches after the first (the first pays the query's warm-up; a last, partial
     * batch pays a batch's fixed cost for a few rows): their input over their {@code triggerExecution} time. A batch
     * is full when it holds at least 90 % of the largest. NaN when there is no such batch.
     */
    double steadyRecordsPerSecond() {
        long largest = e2eBatches.stream().mapToLong(BatchLog.Batch::inputRows).max().orElse(0);
        List<BatchLog.Batch> later = e2eBatches.stream().skip(1)
                .filter(b -> b.inputRows() * 10 >= largest * 9).toList();
        long rows = later.stream().mapToLong(BatchLog.Batch::inputRows).sum();
        long ms = later.stream().mapToLong(b -> b.ms("triggerExecution")).sum();
        return ms == 0 ? Double.NaN : rows * 1000.0 / ms;
    }

    /** Milliseconds per Spark phase, summed over the end-to-end batches, plus {@code triggerExecution}. */
    Map<String, Long> phaseTotalsMs() {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String phase : PHASES) {
            totals.put(phase, e2eBatches.stream().mapToLong(b -> b.ms(phase)).sum());
        }
        totals.put("triggerExecution", e2eBatches.stream().mapToLong(b -> b.ms("triggerExecution")).sum());
        return totals;
    }

    /**
     * The median milliseconds of each Spark phase, and of {@code triggerExecution}, over the batches of the freshness
     * phases: what a small batch costs once the stream is warm.
     */
    Map<String, Long> liveMedianMs() {
        Map<String, Long> medians = new LinkedHashMap<>();
        List<String> phases = new ArrayList<>(PHASES);
        phases.add("triggerExecution");
        for (String phase : phases) {
            long[] values = liveBatches.stream().mapToLong(b -> b.ms(phase)).sorted().toArray();
            medians.put(phase, values.length == 0 ? 0 : values[(values.length - 1) / 2]);
        }
        return medians;
    }

    /** The table, the setup line and the notes, as printed. */
    String render() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "value", "baseline or target", ""});
        rows.add(new String[] {"(a1) direct COPY into asset_snapshots", perSecond(direct.rowsPerSecond(), "rows"),
            "baseline (the stricter)", ""});
        rows.add(new String[] {"(a2) COPY + merge (PgSink.write)", perSecond(merge.rowsPerSecond(), "rows"),
            "baseline", ""});
        rows.add(new String[] {"(b) end to end, " + count(e2e.records()) + " backlog",
            perSecond(e2e.recordsPerSecond(), "records"), "", ""});
        rows.add(new String[] {"    e2e / direct COPY", fixed(e2eToCopyRatio(), 2),
            "target >= " + fixed(RATIO_TARGET, 2), atLeast(e2eToCopyRatio(), RATIO_TARGET)});
        rows.add(new String[] {"    e2e / COPY + merge", fixed(e2eToCopyMergeRatio(), 2), "", ""});
        rows.add(new String[] {"    e2e steady (full batches after the first)", perSecond(steadyRecordsPerSecond(),
            "records"), "", ""});
        String rate = count(Math.round(steady.targetRate())) + "/s";
        rows.add(new String[] {"(c) freshness p50 @ " + rate, millis(steady.latency().p50Ms()),
            "target <= " + millis(P50_TARGET_MS), atMost(steady.latency().p50Ms(), P50_TARGET_MS)});
        rows.add(new String[] {"    freshness p90", millis(steady.latency().p90Ms()), "", ""});
        rows.add(new String[] {"    freshness p99", millis(steady.latency().p99Ms()),
            "target <= " + millis(P99_TARGET_MS), atMost(steady.latency().p99Ms(), P99_TARGET_MS)});
        rows.add(new String[] {"    freshness max", millis(steady.latency().maxMs()), "", ""});
        if (bursts != null) {
            String shape = bursts.polls() + " x " + count(bursts.itemsPerPoll()) + " every "
                    + bursts.everyMs() / 1000 + " s";
            rows.add(new String[] {"(c2) burst freshness p50, " + shape, millis(bursts.latency().p50Ms()),
                "target <= " + millis(P50_TARGET_MS), atMost(bursts.latency().p50Ms(), P50_TARGET_MS)});
            rows.add(new String[] {"     burst freshness p99", millis(bursts.latency().p99Ms()),
                "target <= " + millis(P99_TARGET_MS), atMost(bursts.latency().p99Ms(), P99_TARGET_MS)});
        }
        rows.add(new String[] {"(d) peak RSS (VmHWM)", peakRssMb < 0 ? "n/a" : count(Math.round(peakRssMb)) + " MB",
            "target <= " + count(Math.round(RSS_TARGET_MB)) + " MB",
            peakRssMb < 0 ? "" : atMost(peakRssMb, RSS_TARGET_MB)});
        StringBuilder out = new StringBuilder();
        out.append(setupLine()).append('\n');
        out.append(table(rows));
        out.append(notes());
        return out.toString();
    }

    String setupLine() {
        return "machine: " + setup.cores() + " cores; records " + count(setup.records()) + " (polls of "
                + count(setup.backlogPollSize()) + "); trigger " + setup.triggerMs() + " ms; maxOffsetsPerTrigger "
                + count(setup.maxOffsets()) + "; partitions " + setup.partitions() + "; batch "
                + count(setup.batchRows())
                + " records/partition/micro-batch; spark " + setup.sparkMaster() + "; entities "
                + String.join(",", setup.entities()) + "; load average " + setup.loadBefore() + " before, "
                + setup.loadAfter() + " after";
    }

    private String notes() {
        StringBuilder out = new StringBuilder();
        Map<String, Long> phases = phaseTotalsMs();
        long total = Math.max(1, phases.get("triggerExecution"));
        out.append("e2e: ").append(String.format(Locale.ROOT, "%.1f", e2e.nanos() / 1e9)).append(" s for ")
                .append(e2eBatches.size()).append(" batches (first ")
                .append(e2eBatches.isEmpty() ? "-" : e2eBatches.get(0).ms("triggerExecution") + " ms")
                .append("); batch time by Spark phase:");
        for (String phase : PHASES) {
            out.append(' ').append(phase).append(' ').append(Math.round(100.0 * phases.get(phase) / total))
                    .append('%');
        }
        out.append('\n');
        out.append("baselines: ").append(count(direct.rows())).append(" rows in ").append(direct.chunks())
                .append(" transactions of up to ").append(count(setup.batchRows())).append(" rows on one connection; ")
                .append("RecordDecoder alone ").append(perSecond(direct.decodePerSecond(), "records"))
                .append(" on one thread; backlog published at ")
                .append(perSecond(backlog.recordsPerSecond(), "records"))
                .append('\n');
        out.append("freshness: fetch -> all of the poll's rows committed, read from stream_progress every ")
                .append(setup.sampleEveryMs()).append(" ms (the resolution); steady: ").append(steady.polls())
                .append(" polls of ").append(steady.itemsPerPoll()).append(" every ").append(steady.everyMs())
                .append(" ms, ").append(perSecond(steady.achievedRate(), "items")).append(" achieved; ")
                .append("archive + publish (fetch -> acked) p50 ").append(millis(steady.publish().p50Ms()));
        if (bursts != null) {
            out.append(", bursts ").append(millis(bursts.publish().p50Ms()));
        }
        out.append('\n');
        if (!liveBatches.isEmpty()) {
            Map<String, Long> medians = liveMedianMs();
            out.append("freshness batches: ").append(liveBatches.size()).append(", median ")
                    .append(medians.get("triggerExecution")).append(" ms each:");
            for (String phase : PHASES) {
                out.append(' ').append(phase).append(' ').append(medians.get(phase));
            }
            out.append(" ms\n");
        }
        if (!phases.isEmpty()) {
            out.append(phaseTable());
        }
        out.append("run: ").append(String.format(Locale.ROOT, "%.0f", wallSeconds))
                .append(" s in all. Numbers measured while other work runs on the machine are noisy.\n");
        return out.toString();
    }

    /** CPU seconds per phase: this JVM, PostgreSQL, other processes, of the cores x wall available. */
    private String phaseTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"phase (CPU seconds)", "wall", "JVM", "PostgreSQL", "other processes", "of",
            "peak RSS"});
        for (PhaseRecorder.Phase phase : phases) {
            CpuMeter.Usage u = phase.usage();
            rows.add(new String[] {phase.name(), fixed(u.wallSeconds(), 1), fixed(u.jvmSeconds(), 1),
                fixed(u.postgresSeconds(), 1), fixed(u.otherSeconds(), 1), fixed(u.cpuSeconds(), 1),
                phase.peakRssMb() < 0 ? "n/a" : count(Math.round(phase.peakRssMb())) + " MB"});
        }
        return table(rows);
    }

    /** The JSON object: the keys below, numbers in the units their names say, NaN and unknown as null. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("e2e_records_per_s", number(e2e.recordsPerSecond()));
        json.put("copy_rows_per_s", number(direct.rowsPerSecond()));
        json.put("copy_merge_rows_per_s", number(merge.rowsPerSecond()));
        json.put("e2e_to_copy_ratio", number(e2eToCopyRatio()));
        json.put("e2e_to_copy_merge_ratio", number(e2eToCopyMergeRatio()));
        json.put("e2e_steady_records_per_s", number(steadyRecordsPerSecond()));
        json.put("e2e_seconds", number(e2e.nanos() / 1e9));
        json.put("freshness_p50_ms", number(steady.latency().p50Ms()));
        json.put("freshness_p90_ms", number(steady.latency().p90Ms()));
        json.put("freshness_p99_ms", number(steady.latency().p99Ms()));
        json.put("freshness_max_ms", number(steady.latency().maxMs()));
        json.put("freshness_polls", steady.polls());
        json.put("freshness_items_per_poll", steady.itemsPerPoll());
        json.put("freshness_poll_every_ms", steady.everyMs());
        json.put("freshness_rate_target", number(steady.targetRate()));
        json.put("freshness_rate_achieved", number(steady.achievedRate()));
        json.put("freshness_publish_p50_ms", number(steady.publish().p50Ms()));
        json.put("freshness_publish_p99_ms", number(steady.publish().p99Ms()));
        json.put("burst_freshness_p50_ms", bursts == null ? null : number(bursts.latency().p50Ms()));
        json.put("burst_freshness_p99_ms", bursts == null ? null : number(bursts.latency().p99Ms()));
        json.put("burst_freshness_max_ms", bursts == null ? null : number(bursts.latency().maxMs()));
        json.put("burst_polls", bursts == null ? 0 : bursts.polls());
        json.put("burst_items_per_poll", bursts == null ? 0 : bursts.itemsPerPoll());
        json.put("burst_every_ms", bursts == null ? null : bursts.everyMs());
        json.put("burst_publish_p50_ms", bursts == null ? null : number(bursts.publish().p50Ms()));
        json.put("peak_rss_mb", peakRssMb < 0 ? null : number(peakRssMb));
        json.put("decode_records_per_s", number(direct.decodePerSecond()));
        json.put("backlog_publish_records_per_s", number(backlog.recordsPerSecond()));
        json.put("records", setup.records());
        json.put("backlog_polls", backlog.polls());
        json.put("backlog_poll_size", setup.backlogPollSize());
        json.put("batch_size", setup.batchRows());
        json.put("baseline_chunks", direct.chunks());
        json.put("trigger_ms", setup.triggerMs());
        json.put("max_offsets_per_trigger", setup.maxOffsets());
        json.put("partitions", setup.partitions());
        json.put("cores", setup.cores());
        json.put("spark_master", setup.sparkMaster());
        json.put("entities", setup.entities());
        json.put("freshness_resolution_ms", setup.sampleEveryMs());
        json.put("load_average_before", setup.loadBefore());
        json.put("load_average_after", setup.loadAfter());
        json.put("e2e_batches", e2eBatches.size());
        json.put("e2e_first_batch_ms", e2eBatches.isEmpty() ? null : e2eBatches.get(0).ms("triggerExecution"));
        json.put("e2e_phase_ms", phaseTotalsMs());
        json.put("e2e_batch_detail", e2eBatches.stream().map(b -> {
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("batch_id", b.batchId());
            batch.put("input_rows", b.inputRows());
            batch.put("duration_ms", b.durationMs());
            return batch;
        }).toList());
        json.put("live_batches", liveBatches.size());
        json.put("live_batch_median_ms", liveMedianMs());
        json.put("phases", phases.stream().map(p -> {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("name", p.name());
            phase.put("wall_s", number(p.usage().wallSeconds()));
            phase.put("jvm_cpu_s", number(p.usage().jvmSeconds()));
            phase.put("postgres_cpu_s", number(p.usage().postgresSeconds()));
            phase.put("other_cpu_s", number(p.usage().otherSeconds()));
            phase.put("cpu_available_s", number(p.usage().cpuSeconds()));
            phase.put("peak_rss_mb", p.peakRssMb() < 0 ? null : number(p.peakRssMb()));
            return phase;
        }).toList());
        json.put("targets", Map.of("e2e_to_copy_ratio_min", RATIO_TARGET, "freshness_p50_ms_max", P50_TARGET_MS,
                "freshness_p99_ms_max", P99_TARGET_MS, "peak_rss_mb_max", RSS_TARGET_MB));
        Map<String, Object> met = new LinkedHashMap<>();
        met.put("e2e_to_copy_ratio", e2eToCopyRatio() >= RATIO_TARGET);
        met.put("freshness_p50_ms", steady.latency().p50Ms() <= P50_TARGET_MS);
        met.put("freshness_p99_ms", steady.latency().p99Ms() <= P99_TARGET_MS);
        met.put("peak_rss_mb", peakRssMb >= 0 && peakRssMb <= RSS_TARGET_MB);
        json.put("targets_met", met);
        json.put("wall_seconds", number(wallSeconds));
        return json;
    }

    String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    /** A finite number rounded to 3 decimals, or null (JSON has no NaN). */
    private static Double number(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }

    /** "ok" or "MISSED"; nothing when the figure is unknown. */
    private static String atMost(double value, double target) {
        return Double.isFinite(value) ? (value <= target ? "ok" : "MISSED") : "";
    }

    private static String atLeast(double value, double target) {
        return Double.isFinite(value) ? (value >= target ? "ok" : "MISSED") : "";
    }

    private static String perSecond(double value, String unit) {
        return Double.isFinite(value) ? count(Math.round(value)) + " " + unit + "/s" : "n/a";
    }

    private static String millis(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.0f ms", value) : "n/a";
    }

    private static String fixed(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "n/a";
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }
}
