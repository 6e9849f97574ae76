package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.CarbonMass;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.sensor.SensorDomain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A meter's running totals per domain, advanced by the sampler from each published sample to the next
 * (under the meter's sample lock) and copied out by {@link CarbonMeter#totals()}.
 *
 * <p>Only intervals whose both ends were read in the same epoch count, so the totals never decrease and
 * never subtract across a counter reset. Operational carbon is accumulated per interval at the
 * time-weighted intensity of that interval.
 */
final class RunningTotals {

    private static final double JOULES_PER_KWH = 3.6e6;

    private final MeterCore core;
    private final int n;
    private final double[] joules;
    private final long[] measuredNanos;
    private final double[] watts;
    private final double[] opValue;
    private final double[] opLow;
    private final double[] opHigh;
    private final double[] noIntensityJoules;
    /** Shared attribution only (else null): energy of measured intervals no window was charged, per domain. */
    private final double[] unattributedJoules;
    private String intensityFailure;
    /** The latest sample added; null before the first. */
    private Sample through;

    RunningTotals(MeterCore core, int domains) {
        this.core = core;
        this.n = domains;
        this.joules = new double[n];
        this.measuredNanos = new long[n];
        this.watts = new double[n];
        Arrays.fill(watts, Double.NaN);
        this.opValue = new double[n];
        this.opLow = new double[n];
        this.opHigh = new double[n];
        this.noIntensityJoules = new double[n];
        this.unattributedJoules = core.attribution == Attribution.SHARED_BY_OVERLAP ? new double[n] : null;
    }

    private RunningTotals(RunningTotals o) {
        this.core = o.core;
        this.n = o.n;
        this.joules = o.joules.clone();
        this.measuredNanos = o.measuredNanos.clone();
        this.watts = o.watts.clone();
        this.opValue = o.opValue.clone();
        this.opLow = o.opLow.clone();
        this.opHigh = o.opHigh.clone();
        this.noIntensityJoules = o.noIntensityJoules.clone();
        this.unattributedJoules = o.unattributedJoules == null ? null : o.unattributedJoules.clone();
        this.intensityFailure = o.intensityFailure;
        this.through = o.through;
    }

    /** @return a private copy; called with the totals lock held, so that the snapshot is consistent */
    RunningTotals copy() {
        return new RunningTotals(this);
    }

    /**
     * Adds the interval from {@code prev} (null for the meter's first sample) to {@code cur}. Called by one
     * thread at a time, in publication order.
     *
     * @param unattributed shared attribution: per domain, the interval's energy no window was charged (computed
     *                     from the same two samples, so it never exceeds the domain's delta); null otherwise
     */
    void advance(Sample prev, Sample cur, double[] unattributed) {
        through = cur;
        if (prev == null) {
            return;
        }
        long dt = cur.nanos - prev.nanos;
        CarbonFigure perKwh = null;
        boolean intensityTried = false;
        for (int d = 0; d < n; d++) {
            if (!prev.available(d) || !cur.available(d) || prev.epochs[d] != cur.epochs[d]) {
                watts[d] = Double.NaN;
                continue;
            }
            double delta = Math.max(0.0, cur.joules[d] - prev.joules[d]);
            joules[d] += delta;
            if (unattributedJoules != null && unattributed != null) {
                unattributedJoules[d] += unattributed[d];
            }
            if (dt > 0) {
                measuredNanos[d] += dt;
                watts[d] = delta / (dt / 1e9);
            }
            if (core.intensity == null || delta == 0) {
                continue;
            }
            if (!intensityTried) {
                intensityTried = true;
                try {
                    // The intensity of this interval, time-weighted across any change inside it, in g per kWh.
                    perKwh = core.intensity.carbonOf(Energy.ofKilowattHours(1), core.wallAt(prev.nanos), core.wallAt(cur.nanos));
                } catch (RuntimeException e) {
                    intensityFailure = "intensity source failed: " + e.getMessage();
                }
            }
            if (perKwh == null) {
                noIntensityJoules[d] += delta;
            } else {
                double kwh = delta / JOULES_PER_KWH;
                opValue[d] += kwh * perKwh.value().grams();
                opLow[d] += kwh * perKwh.low().grams();
                opHigh[d] += kwh * perKwh.high().grams();
            }
        }
    }

    /**
     * A snapshot over the domains in {@code scope}. Call it on a {@link #copy()} without the sample lock: it
     * asks the intensity source, which may be slow.
     */
    MeterTotals snapshot(boolean[] scope) {
        Sample latest = through;
        Instant at = core.wallAt(latest.nanos);
        Duration elapsed = Duration.ofNanos(Math.max(0, latest.nanos - core.anchorNanos));
        List<DomainTotal> domains = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean carbon = core.intensity != null;
        double total = 0;
        double[] op = new double[3];
        double uncovered = 0;
        double unattributedTotal = 0;
        for (int d = 0; d < n; d++) {
            if (!scope[d]) {
                continue;
            }
            SensorDomain sd = core.domains.get(d);
            boolean root = core.parent[d] < 0 || !scope[core.parent[d]];
            Optional<CarbonFigure> operational = carbon
                    ? Optional.of(new CarbonFigure(CarbonMass.ofGrams(opValue[d]), CarbonMass.ofGrams(opLow[d]),
                    CarbonMass.ofGrams(opHigh[d])))
                    : Optional.empty();
            domains.add(new DomainTotal(sd.id(), root ? "" : sd.parent(), sd.kind(), core.sensorNames[d],
                    Energy.ofJoules(joules[d]), Duration.ofNanos(measuredNanos[d]),
                    Double.isNaN(watts[d]) ? Optional.empty() : Optional.of(Power.ofWatts(watts[d])),
                    operational, Optional.ofNullable(latest.failures[d]),
                    unattributedJoules == null ? Optional.empty() : Optional.of(Energy.ofJoules(unattributedJoules[d]))));
            if (root) {
                total += joules[d];
                if (unattributedJoules != null) {
                    unattributedTotal += unattributedJoules[d];
                }
                op[0] += opValue[d];
                op[1] += opLow[d];
                op[2] += opHigh[d];
                uncovered += noIntensityJoules[d];
                if (latest.failures[d] != null) {
                    warnings.add(sd.id() + " is unavailable now: " + latest.failures[d]);
                }
                if (measuredNanos[d] < elapsed.toNanos()) {
                    warnings.add(sd.id() + ": energy covers " + CarbonReport.formatDuration(Duration.ofNanos(measuredNanos[d]))
                            + " of the " + CarbonReport.formatDuration(elapsed) + " elapsed (intervals without a reading are left out)");
                }
            }
        }
        Optional<IntensityFactor> factor = Optional.empty();
        Optional<CarbonFigure> operational = Optional.empty();
        if (carbon) {
            operational = Optional.of(new CarbonFigure(CarbonMass.ofGrams(op[0]), CarbonMass.ofGrams(op[1]),
                    CarbonMass.ofGrams(op[2])));
            try {
                factor = Optional.of(core.intensity.at(at));
            } catch (RuntimeException e) {
                warnings.add("no current intensity: intensity source failed: " + e.getMessage());
            }
            if (uncovered > 0) {
                warnings.add("operational carbon excludes " + Energy.ofJoules(uncovered) + " consumed while the "
                        + (intensityFailure == null ? "intensity source failed" : intensityFailure));
            }
        } else {
            warnings.add("no intensity source configured, so no operational carbon; set CarbonMeterBuilder.intensity(...)");
        }
        return new MeterTotals(at, elapsed, domains, Energy.ofJoules(total),
                unattributedJoules == null ? Optional.empty() : Optional.of(Energy.ofJoules(unattributedTotal)),
                factor, operational, embodied(scope, elapsed), warnings);
    }

    /** Embodied carbon over {@code elapsed}, charged as a window of that length covering {@code scope} would be. */
    private List<EmbodiedShare> embodied(boolean[] scope, Duration elapsed) {
        List<EmbodiedShare> list = new ArrayList<>();
        for (MeterCore.Attachment a : core.attachments) {
            int d = a.domain();
            double share;
            if (d < 0 || scope[d]) {
                share = 1.0;
            } else {
                // Only nested domains (MIG instances) of the device are covered: charge their resource share.
                double sum = 0;
                for (int c = 0; c < n; c++) {
                    if (scope[c] && core.parent[c] == d) {
                        sum += core.domains.get(c).resourceShare();
                    }
                }
                if (sum == 0) {
                    continue;
                }
                share = Math.min(1.0, sum);
            }
            list.add(new EmbodiedShare(a.device(), a.model().footprint(), a.model().lifetime(), elapsed, share,
                    a.model().attribute(elapsed, share)));
        }
        return list;
    }
}
