package io.cryptopipe.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratioIsEndToEndOverDirectCopy() {
        BenchReport report = report(ms(300, 400, 500), null, 1000);
        // e2e 1,000,000 records in 20 s = 50,000/s; direct COPY 1,000,000 rows in 10 s = 100,000/s
        assertThat(report.e2eToCopyRatio()).isCloseTo(0.5, within(1e-9));
        // COPY + merge: 1,000,000 rows in 25 s = 40,000/s
        assertThat(report.e2eToCopyMergeRatio()).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void steadyRateLeavesOutTheFirstAndPartialBatches() {
        BenchReport report = report(ms(300), null, 1000);
        // batches 2 and 3: 200,000 records in 4 s; the last one (533 records) is partial
        assertThat(report.steadyRecordsPerSecond()).isCloseTo(50_000, within(1e-6));
        assertThat(report.phaseTotalsMs()).containsEntry("addBatch", 7_300L).containsEntry("triggerExecution", 12_000L);
    }

    @Test
    void jsonHasTheAgreedKeysInTheirUnits() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report(ms(300, 400, 500, 900), ms(450, 800), 1200).toJson());
        for (String key : List.of("e2e_records_per_s", "copy_rows_per_s", "copy_merge_rows_per_s", "e2e_to_copy_ratio",
                "freshness_p50_ms", "freshness_p90_ms", "freshness_p99_ms", "peak_rss_mb", "records", "batch_size",
                "trigger_ms", "partitions", "burst_freshness_p50_ms", "burst_freshness_p99_ms")) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("e2e_records_per_s").asDouble()).isEqualTo(50_000);
        assertThat(json.get("copy_rows_per_s").asDouble()).isEqualTo(100_000);
        assertThat(json.get("copy_merge_rows_per_s").asDouble()).isEqualTo(40_000);
        assertThat(json.get("e2e_to_copy_ratio").asDouble()).isEqualTo(0.5);
        assertThat(json.get("freshness_p50_ms").asDouble()).isEqualTo(400);
        assertThat(json.get("freshness_p99_ms").asDouble()).isEqualTo(900);
        assertThat(json.get("burst_freshness_p50_ms").asDouble()).isEqualTo(450);
        assertThat(json.get("peak_rss_mb").asDouble()).isEqualTo(1200);
        assertThat(json.get("batch_size").asInt()).isEqualTo(33_333);
        assertThat(json.get("targets_met").get("e2e_to_copy_ratio").asBoolean()).isFalse();
        assertThat(json.get("targets_met").get("freshness_p50_ms").asBoolean()).isTrue();
    }

    @Test
    void unknownFiguresAreNullInJsonAndNaInTheTable() throws Exception {
        BenchReport report = report(new long[0], null, -1);
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("freshness_p50_ms").isNull()).isTrue();
        assertThat(json.get("burst_freshness_p50_ms").isNull()).isTrue();
        assertThat(json.get("peak_rss_mb").isNull()).isTrue();
        assertThat(report.render()).contains("n/a").doesNotContain("NaN").doesNotContain("burst freshness");
    }

    @Test
    void tableShowsEveryFigureWithItsTargetAndVerdict() {
        String table = report(ms(300, 400, 1500), ms(450), 4000).render();
        assertThat(table).startsWith("machine: 2 cores; records 1,000,000");
        assertThat(table).contains("trigger 250 ms").contains("partitions 3");
        assertThat(line(table, "(a1) direct COPY")).contains("100,000 rows/s").contains("baseline");
        assertThat(line(table, "(a2) COPY + merge")).contains("40,000 rows/s");
        assertThat(line(table, "(b) end to end")).contains("50,000 records/s");
        assertThat(line(table, "e2e / direct COPY")).contains("0.50").contains("target >= 0.60").endsWith("MISSED");
        assertThat(line(table, "(c) freshness p50")).contains("400 ms").contains("target <= 500 ms").endsWith("ok");
        assertThat(line(table, "freshness p99")).contains("1500 ms").endsWith("MISSED");
        assertThat(line(table, "(c2) burst freshness p50")).contains("450 ms").endsWith("ok");
        assertThat(line(table, "(d) peak RSS")).contains("4,000 MB").contains("3,072 MB").endsWith("MISSED");
        assertThat(table).contains("noisy");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] samples = new long[100];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
        }
        Percentiles p = Percentiles.of(samples);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50Ms()).isEqualTo(50);
        assertThat(p.p90Ms()).isEqualTo(90);
        assertThat(p.p99Ms()).isEqualTo(99);
        assertThat(p.maxMs()).isEqualTo(100);
        assertThat(Percentiles.of(new long[] {7_000_000L}).p99Ms()).isEqualTo(7);
        assertThat(Percentiles.of(new long[0]).isEmpty()).isTrue();
    }

    @Test
    void cpuIsReadFromProcStat() {
        long[] stat = CpuMeter.parseStat("4242 (postgres: a (b) c) S 4200 4242 4242 0 -1 4194560 100 0 0 0 "
                + "350 120 7000 3000 20 0 1 0 12345 100000 200");
        assertThat(stat).containsExactly(4200, 350, 120, 7000, 3000);
        assertThat(CpuMeter.parseMachine("cpu  100 5 50 800 20 1 2 3 0 0")).containsExactly(161, 981);
        CpuMeter.Usage usage = new CpuMeter.Sample(3_000_000_000L, 4_000_000_000L, 1_000_000_000L,
                6_000_000_000L, 10_000_000_000L).since(new CpuMeter.Sample(1_000_000_000L, 1_000_000_000L, 0, 0, 0));
        assertThat(usage.wallSeconds()).isEqualTo(2);
        assertThat(usage.jvmSeconds()).isEqualTo(3);
        assertThat(usage.postgresSeconds()).isEqualTo(1);
        assertThat(usage.otherSeconds()).isEqualTo(2);
    }

    @Test
    void tableSaysWhereTheCpuWentPerPhase() {
        String text = report(ms(300), null, 1000).render();
        assertThat(line(text, "(b) end to end  ")).contains("20.0").contains("25.0").contains("10.0").contains("3.0")
                .contains("40.0").contains("1,000 MB");
    }

    @Test
    void peakRssIsReadFromVmHwm() {
        assertThat(ProcStatus.parseKb(List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t 2097152 kB"), "VmHWM:"))
                .hasValue(2048.0);
        assertThat(ProcStatus.parseKb(List.of("Name:\tjava"), "VmHWM:")).isEmpty();
    }

    private static String line(String table, String start) {
        return table.lines().filter(l -> l.stripLeading().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + start + " in\n" + table));
    }

    private static long[] ms(long... millis) {
        long[] nanos = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            nanos[i] = millis[i] * 1_000_000L;
        }
        return nanos;
    }

    private static BenchReport report(long[] steadyNanos, long[] burstNanos, double rssMb) {
        BenchReport.Setup setup = new BenchReport.Setup(2, 1_000_000, 250, 100_000, 3, 33_333, "local[*]",
                List.of("assets", "rates", "exchanges", "markets"), 2000, 5, "0.10 0.20 0.30", "1.00 1.10 1.20");
        CopyBaseline.Pass direct = new CopyBaseline.Pass(1_000_000, 30, 10 * SECOND, 8 * SECOND);
        CopyBaseline.Pass merge = new CopyBaseline.Pass(1_000_000, 30, 25 * SECOND, 8 * SECOND);
        EndToEnd.Backlog backlog = new EndToEnd.Backlog(500, 1_000_000, 5 * SECOND);
        EndToEnd.Result e2e = new EndToEnd.Result(1_000_000, 20 * SECOND, 3);
        List<BatchLog.Batch> batches = List.of(
                batch(0, 100_000, 7_000, 4_000),
                batch(1, 100_000, 2_000, 1_250),
                batch(2, 100_000, 2_000, 1_250),
                batch(3, 533, 1_000, 800));
        BenchReport.FreshnessFigures steady = new BenchReport.FreshnessFigures(Percentiles.of(steadyNanos),
                Percentiles.of(ms(20, 30)), steadyNanos.length, steadyNanos.length * 200L, 200, 100, 2000, 1990);
        BenchReport.FreshnessFigures bursts = burstNanos == null ? null : new BenchReport.FreshnessFigures(
                Percentiles.of(burstNanos), Percentiles.of(ms(90)), burstNanos.length, burstNanos.length * 2000L,
                2000, 10_000, 0, 200);
        List<PhaseRecorder.Phase> phases = List.of(new PhaseRecorder.Phase("(b) end to end",
                new CpuMeter.Usage(20, 25, 10, 3, 40), rssMb));
        return new BenchReport(setup, direct, merge, backlog, e2e, batches, List.of(batch(4, 200, 180, 90)), steady,
                bursts, phases, rssMb, 240);
    }

    private static BatchLog.Batch batch(long id, long rows, long triggerMs, long addBatchMs) {
        return new BatchLog.Batch(id, rows, Map.of("triggerExecution", triggerMs, "addBatch", addBatchMs,
                "latestOffset", 10L, "queryPlanning", 30L, "walCommit", 20L, "commitOffsets", 15L, "getBatch", 0L));
    }
}
