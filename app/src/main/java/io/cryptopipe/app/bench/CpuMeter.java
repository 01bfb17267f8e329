package io.cryptopipe.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a phase's CPU went, from Linux's accounting: this JVM (Spark, Kafka, the decoder, the publisher: one
 * process), the embedded PostgreSQL (its postmaster, the backends alive now, and those already ended, which the
 * postmaster has reaped into its children's times), and the whole machine ({@code /proc/stat}), so that what other
 * processes took (other builds, say) shows as the rest. On 2 cores a phase of {@code w} seconds has {@code 2w} CPU
 * seconds; a pipeline that is CPU-bound uses most of them, and work from outside steals from it.
 *
 * <p>Times are in clock ticks of {@value #HZ} per second, Linux's {@code USER_HZ} on every common platform. Where
 * {@code /proc} cannot be read, the PostgreSQL and machine figures are zero.
 */
final class CpuMeter {
    static final int HZ = 100;

    private final Path proc;
    private final Path postmasterPidFile;

    /** @param postmasterPidFile {@code <pg data>/postmaster.pid}, whose first line is the server's pid */
    CpuMeter(Path proc, Path postmasterPidFile) {
        this.proc = proc;
        this.postmasterPidFile = postmasterPidFile;
    }

    Sample sample() {
        long jvm = jvmCpuNanos();
        long pg = postgresTicks() * (1_000_000_000L / HZ);
        long[] machine = machineTicks();
        return new Sample(System.nanoTime(), jvm, pg, machine[0] * (1_000_000_000L / HZ),
                machine[1] * (1_000_000_000L / HZ));
    }

    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /**
     * The postmaster's own and reaped children's ticks, plus the ticks of its live children (the backends). A
     * backend that ends while this reads (a connection just closed) would be missed or counted twice, so the
     * postmaster is read before and after its children and the reading is repeated until both agree.
     */
    private long postgresTicks() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile, StandardCharsets.UTF_8).get(0)
                    .trim());
            Path own = proc.resolve(Long.toString(postmaster)).resolve("stat");
            for (int attempt = 0; attempt < 20; attempt++) {
                long[] before = stat(own);
                if (before == null) {
                    return 0;
                }
                long children = 0;
                try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                        .chars().allMatch(Character::isDigit))) {
                    for (Path pid : pids) {
                        long[] child = stat(pid.resolve("stat"));
                        if (child != null && child[0] == postmaster) {
                            children += child[1] + child[2];
                        }
                    }
                }
                long[] after = stat(own);
                if (after != null && after[3] == before[3] && after[4] == before[4]) {
                    return after[1] + after[2] + after[3] + after[4] + children;
                }
                Thread.sleep(5);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {ppid, utime, stime, cutime, cstime} of a {@code /proc/<pid>/stat}, null when it is gone. */
    static long[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return parseStat(line);
    }

    /** Fields after the command (which may hold spaces and parentheses): state ppid ... utime(14) ... cstime(17). */
    static long[] parseStat(String line) {
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
            Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    /** {busy, total} ticks of all CPUs from the first line of {@code /proc/stat}. */
    private long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(proc.resolve("stat"), StandardCharsets.UTF_8);
            return parseMachine(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** {@code cpu user nice system idle iowait irq softirq steal ...}: busy is all but idle and iowait. */
    static long[] parseMachine(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new long[] {total - idle, total};
    }

    /** Cumulative CPU at one moment, in nanoseconds. */
    record Sample(long wallNanos, long jvmNanos, long postgresNanos, long machineBusyNanos, long machineTotalNanos) {
        /** What happened between {@code earlier} and this sample. */
        Usage since(Sample earlier) {
            double jvm = (jvmNanos - earlier.jvmNanos) / 1e9;
            double pg = (postgresNanos - earlier.postgresNanos) / 1e9;
            double busy = (machineBusyNanos - earlier.machineBusyNanos) / 1e9;
            return new Usage((wallNanos - earlier.wallNanos) / 1e9, jvm, pg, Math.max(0, busy - jvm - pg),
                    (machineTotalNanos - earlier.machineTotalNanos) / 1e9);
        }
    }

    /**
     * CPU seconds of one phase.
     *
     * @param otherSeconds what the rest of the machine used meanwhile (other processes)
     * @param cpuSeconds   all CPUs' time over the phase, busy or not (cores x wall)
     */
    record Usage(double wallSeconds, double jvmSeconds, double postgresSeconds, double otherSeconds,
            double cpuSeconds) {
    }
}
