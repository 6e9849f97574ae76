package dev.greenslice.nvml;

import com.sun.jna.Pointer;
import dev.greenslice.carbon.sensor.SensorReadout;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One per-process domain ({@code gpu:N/process} or {@code gpu:N/mig:K/process}): at each read it takes the energy
 * its parent domain gained since the previous read, the per-process utilization samples the driver gathered in
 * that time, splits the energy among every process the driver lists ({@link ProcessShares}) and adds the shares of
 * the chosen processes (some root pids and their descendants) to its cumulative joules.
 *
 * <p>A process's SM-busy fraction of an interval is the sum of its samples' SM utilization over the number of
 * driver sampling periods the samples span (periods in which it is not listed count as idle, as nvml.h lists only
 * processes that used the GPU). The baseline (static and idle) power is the one given, or else the lowest board
 * power seen over 1 s or longer since the domain's first read. Not thread-safe: read by the sensor's one reader.
 */
final class ProcessScope {

    /** Baseline power is learned from stretches of at least this long, so the counter's 100 ms steps do not show. */
    private static final double BASELINE_WINDOW_SECONDS = 1.0;

    final int slot;
    final String domainId;
    private final Pointer handle;
    private final String who;
    private final ProcessSampler sampler;
    private final Set<Long> roots;
    private final StaticEnergyRule rule;
    private final double givenBaselineWatts;
    private final ProcessShares split = new ProcessShares();
    private final Map<Long, Boolean> ours = new HashMap<>();

    private long lastSeen;
    private long periodMicros;
    private int n;
    private long[] pids = new long[16];
    private double[] activity = new double[16];
    private double[] shares = new double[16];
    private long[] scratch = new long[16];
    private double lastParentJoules = Double.NaN;
    private double lastWatts = Double.NaN;
    private long lastNanos;
    private double joules;
    private double observedBaselineWatts = Double.POSITIVE_INFINITY;
    private double windowJoules;
    private double windowSeconds;
    private String broken;
    private String permanent;

    ProcessScope(int slot, String domainId, Pointer handle, String who, NvmlLibrary lib, Set<Long> roots,
                 StaticEnergyRule rule, double givenBaselineWatts) {
        this.slot = slot;
        this.domainId = domainId;
        this.handle = handle;
        this.who = who;
        this.sampler = new ProcessSampler(lib);
        this.roots = Set.copyOf(roots);
        this.rule = rule;
        this.givenBaselineWatts = givenBaselineWatts;
    }

    /**
     * Reads what the driver keeps, to learn its sampling period and where new samples start.
     *
     * @return null, or why this device gives no per-process samples
     */
    String prime() {
        try {
            if (handle == null) {
                permanent = "no per-process utilization samples for " + domainId
                        + ": the driver gives no MIG device handle for this GPU instance";
                return permanent;
            }
            if (sampler.fetch(handle, who, 0)) {
                learn();
            }
            return null;
        } catch (NvmlException e) {
            String why = unavailable(e);
            if (e.code() == NvmlReturn.NOT_SUPPORTED || e.code() == NvmlReturn.FUNCTION_NOT_FOUND
                    || e.code() == NvmlReturn.NO_PERMISSION) {
                permanent = why; // the driver's answer will not change while the sensor lives: stop asking
            }
            return why;
        }
    }

    /** @return the driver's per-process sampling period seen so far, microseconds; 0 if not yet seen */
    long samplingPeriodMicros() {
        return periodMicros;
    }

    /** @return the NVML function that gives the samples */
    String function() {
        return sampler.function();
    }

    /** The parent's reading failed: this domain cannot be read either, and the next reading breaks the series. */
    void parentUnavailable(SensorReadout readout, String why) {
        readout.unavailable(slot, permanent != null ? permanent : why);
        broken = "the energy of " + domainId + " while its parent could not be read is unknown";
        lastParentJoules = Double.NaN;
        lastWatts = Double.NaN;
    }

    /** The parent domain's cumulative energy at this read. */
    void onEnergy(SensorReadout readout, double parentJoules, long nowNanos, String restart) {
        if (permanent != null) {
            readout.unavailable(slot, permanent);
            return;
        }
        if (Double.isNaN(lastParentJoules) || restart != null) {
            first(readout, nowNanos, restart);
            lastParentJoules = parentJoules;
            return;
        }
        double delta = Math.max(0, parentJoules - lastParentJoules);
        lastParentJoules = parentJoules;
        attribute(readout, delta, nowNanos);
    }

    /** The parent domain's power at this read, integrated by trapezoid as the meter does. */
    void onPower(SensorReadout readout, double watts, long nowNanos) {
        if (permanent != null) {
            readout.unavailable(slot, permanent);
            return;
        }
        if (Double.isNaN(lastWatts)) {
            first(readout, nowNanos, null);
            lastWatts = watts;
            return;
        }
        double delta = (watts + lastWatts) / 2 * ((nowNanos - lastNanos) / 1e9);
        lastWatts = watts;
        attribute(readout, Math.max(0, delta), nowNanos);
    }

    private void first(SensorReadout readout, long nowNanos, String restart) {
        lastNanos = nowNanos;
        try {
            // Samples gathered before this reading belong to no interval of ours: skip past them.
            if (sampler.fetch(handle, who, lastSeen)) {
                learn();
            }
        } catch (NvmlException e) {
            readout.unavailable(slot, unavailable(e));
            broken = restart != null ? restart : "per-process samples were unavailable";
            return;
        }
        String why = restart != null ? restart : broken;
        broken = null;
        if (why == null) {
            readout.energy(slot, joules);
        } else {
            readout.energyAfterBreak(slot, joules, why);
        }
    }

    private String unavailable(NvmlException e) {
        String why;
        if (e.code() == NvmlReturn.NOT_SUPPORTED) {
            why = "the driver offers no per-process utilization here (nvml.h: not supported on MIG-enabled GPUs, "
                    + "Maxwell or newer needed)";
        } else if (e.code() == NvmlReturn.NO_PERMISSION) {
            why = "the driver refuses per-process utilization to this user";
        } else if (e.code() == NvmlReturn.FUNCTION_NOT_FOUND) {
            why = "the driver is too old to report per-process utilization";
        } else {
            why = "the per-process utilization query failed";
        }
        return "no per-process utilization samples for " + domainId + ": " + why + " (" + e.getMessage() + ")";
    }

    private void attribute(SensorReadout readout, double delta, long nowNanos) {
        double seconds = Math.max(0, (nowNanos - lastNanos) / 1e9);
        lastNanos = nowNanos;
        try {
            boolean got = sampler.fetch(handle, who, lastSeen);
            if (got) {
                aggregate();
            } else if (periodMicros > 0 && seconds * 1e6 >= periodMicros) {
                n = 0; // NOT_FOUND over at least one whole sampling period: no process used the device
            } // else perhaps no period has ended since the last read: keep the last activity
        } catch (NvmlException e) {
            readout.unavailable(slot, unavailable(e));
            broken = "per-process samples were unavailable for an interval, so its share is unknown";
            return;
        }
        double baseline = baseline(delta, seconds);
        split.split(delta, seconds, baseline, activity, n, rule, shares);
        for (int i = 0; i < n; i++) {
            if (isOurs(pids[i])) {
                joules += shares[i];
            }
        }
        if (broken == null) {
            readout.energy(slot, joules);
        } else {
            readout.energyAfterBreak(slot, joules, broken);
            broken = null;
        }
    }

    private double baseline(double delta, double seconds) {
        if (!Double.isNaN(givenBaselineWatts)) {
            return givenBaselineWatts;
        }
        windowJoules += delta;
        windowSeconds += seconds;
        if (windowSeconds >= BASELINE_WINDOW_SECONDS) {
            observedBaselineWatts = Math.min(observedBaselineWatts, windowJoules / windowSeconds);
            windowJoules = 0;
            windowSeconds = 0;
        }
        if (Double.isInfinite(observedBaselineWatts)) {
            // Nothing observed yet: the interval's own power is the only bound, so all of it counts as baseline.
            return seconds > 0 ? delta / seconds : 0;
        }
        return observedBaselineWatts;
    }

    /** Learns the sampling period and the newest timestamp from the sampler's samples. */
    private int learn() {
        int m = sampler.samples;
        if (scratch.length < m) {
            scratch = new long[Math.max(m, scratch.length * 2)];
        }
        System.arraycopy(sampler.stamps, 0, scratch, 0, m);
        Arrays.sort(scratch, 0, m);
        int distinct = 0;
        if (m > 0 && lastSeen > 0) {
            // Reads faster than the driver's period see one period per batch: the step from the previous batch is a
            // whole number of periods, so the smallest such step is the period.
            long gap = scratch[0] - lastSeen;
            if (gap > 0 && (periodMicros == 0 || gap < periodMicros)) {
                periodMicros = gap;
            }
        }
        for (int i = 0; i < m; i++) {
            if (i == 0 || scratch[i] != scratch[i - 1]) {
                if (i > 0) {
                    long gap = scratch[i] - scratch[i - 1];
                    if (gap > 0 && (periodMicros == 0 || gap < periodMicros)) {
                        periodMicros = gap;
                    }
                }
                distinct++;
            }
        }
        if (m > 0 && Long.compareUnsigned(scratch[m - 1], lastSeen) > 0) {
            lastSeen = scratch[m - 1];
        }
        return distinct;
    }

    /** Sums the new samples per process into SM-busy fractions of the periods they span. */
    private void aggregate() {
        long previous = lastSeen;
        int distinct = learn();
        long newest = lastSeen;
        double span = distinct;
        if (previous > 0 && periodMicros > 0) {
            span = Math.max(distinct, Math.round((double) (newest - previous) / periodMicros));
        }
        int m = sampler.samples;
        if (pids.length < m) {
            int c = Math.max(m, pids.length * 2);
            pids = new long[c];
            activity = new double[c];
            shares = new double[c];
        }
        n = 0;
        for (int i = 0; i < m; i++) {
            long pid = sampler.pids[i];
            int k = 0;
            while (k < n && pids[k] != pid) {
                k++;
            }
            if (k == n) {
                pids[n] = pid;
                activity[n] = 0;
                n++;
            }
            activity[k] += sampler.sm[i] / 100.0;
        }
        for (int k = 0; k < n; k++) {
            activity[k] = span > 0 ? activity[k] / span : 0;
        }
    }

    /** Whether {@code pid} is one of the roots or descends from one (cached; a process's ancestry does not change). */
    private boolean isOurs(long pid) {
        if (roots.contains(pid)) {
            return true;
        }
        Boolean known = ours.get(pid);
        if (known == null) {
            known = descends(pid);
            if (ours.size() > 4096) {
                ours.clear(); // pids are reused in the long run
            }
            ours.put(pid, known);
        }
        return known;
    }

    private boolean descends(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        for (int depth = 0; depth < 64 && p.isPresent(); depth++) {
            p = p.get().parent();
            if (p.isPresent() && roots.contains(p.get().pid())) {
                return true;
            }
        }
        return false;
    }
}
