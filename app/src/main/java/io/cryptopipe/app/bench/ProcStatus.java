package io.cryptopipe.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/** What Linux says about this process and machine under {@code /proc}; empty or "n/a" elsewhere. */
final class ProcStatus {
    private final Path proc;

    /** @param proc {@code /proc}, or a copy of its files in tests */
    ProcStatus(Path proc) {
        this.proc = proc;
    }

    /** The peak resident set size ({@code VmHWM} of {@code self/status}) in MiB. */
    OptionalDouble peakRssMb() {
        try {
            List<String> lines = Files.readAllLines(proc.resolve("self").resolve("status"), StandardCharsets.UTF_8);
            return parseKb(lines, "VmHWM:");
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 0.52 0.61 0.80}. */
    String loadAverage() {
        try {
            String[] fields = Files.readString(proc.resolve("loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "n/a";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static OptionalDouble parseKb(List<String> statusLines, String field) {
        for (String line : statusLines) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return OptionalDouble.of(Long.parseLong(parts[0]) / 1024.0);
            }
        }
        return OptionalDouble.empty();
    }
}
