package io.cryptopipe.app.bench;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a run into phases: {@link #start} then one {@link #end} per phase, each recording the CPU the phase took
 * ({@link CpuMeter}) and the peak RSS reached by its end (which phase raised it), and logging the boundary with its
 * time so that a profile of the process can be cut the same way.
 */
final class PhaseRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseRecorder.class);

    private final CpuMeter meter;
    private final ProcStatus proc;
    private final List<Phase> phases = new ArrayList<>();
    private CpuMeter.Sample last;

    PhaseRecorder(CpuMeter meter, ProcStatus proc) {
        this.meter = meter;
        this.proc = proc;
    }

    /** Marks where the next phase begins. */
    void start(String name) {
        last = meter.sample();
        LOG.info("bench phase {} starts", name);
    }

    /** Records the phase since the last {@link #start} or {@link #end}; the next phase begins here. */
    void end(String name) {
        CpuMeter.Sample now = meter.sample();
        if (last != null) {
            phases.add(new Phase(name, now.since(last), proc.peakRssMb().orElse(-1)));
        }
        last = now;
        LOG.info("bench phase {} ends", name);
    }

    List<Phase> phases() {
        return List.copyOf(phases);
    }

    /**
     * One phase.
     *
     * @param peakRssMb the process's peak RSS by the end of the phase, -1 when unknown
     */
    record Phase(String name, CpuMeter.Usage usage, double peakRssMb) {
    }
}
