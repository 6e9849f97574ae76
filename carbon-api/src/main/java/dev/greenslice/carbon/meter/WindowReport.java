package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.sensor.SensorDomain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Computes a closed window's {@link CarbonReport} from the samples around its edges. */
final class WindowReport {

    /** Counters at one instant: interpolated between samples {@code a} and {@code b}, or exactly {@code a}. */
    private record Edge(Sample a, Sample b, double fraction, String note) {

        double value(int d) {
            if (b == null) {
                return a.available(d) ? a.joules[d] : Double.NaN;
            }
            if (!a.available(d) || !b.available(d) || a.epochs[d] != b.epochs[d]) {
                return Double.NaN;
            }
            return a.joules[d] + (b.joules[d] - a.joules[d]) * fraction;
        }

        String failure(int d) {
            if (!a.available(d)) {
                return a.failures[d];
            }
            if (b != null && !b.available(d)) {
                return b.failures[d];
            }
            return "series broken at the window edge (counter reset or power-reading gap)";
        }

        int epoch(int d) {
            return a.epochs[d];
        }
    }

    static final String NO_INTENSITY = "no intensity source configured, so no carbon figures; set CarbonMeterBuilder.intensity(...)";
    private static final Assumption SHARED_INTENSITY = Assumption.of("intensity over attributed energy",
            "attributed energy spread uniformly over the window", "GreenSlice CarbonMeter");

    private final MeterCore core;
    private final Window w;
    private final Window.Site site;
    private final boolean[] scope;
    private final int n;
    private final List<String> warnings;

    WindowReport(Window.Site site, Window w) {
        this.core = site.core;
        this.site = site;
        this.scope = site.scope;
        this.w = w;
        this.n = core.domains.size();
        this.warnings = new ArrayList<>(core.sensorWarnings.size() + 2);
        warnings.addAll(core.sensorWarnings);
    }

    CarbonReport compute() {
        long t0 = w.startNanos();
        long t1 = w.endNanos();
        Duration duration = Duration.ofNanos(t1 - t0);
        Instant wall0 = core.wallAt(t0);
        Instant wall1 = core.wallAt(t1);
        SharedWindow sw = w instanceof SharedWindow ? (SharedWindow) w : null;
        boolean shared = sw != null;
        if (shared && !sw.attributionDone) {
            core.tick();
            if (!sw.attributionDone) {
                warnings.add("the meter closed before this window's last interval was attributed");
            }
        }

        Sample startHint = shared ? null : w.startHint();
        Edge start = shared ? null : startHint != null ? locate(t0, startHint) : locateStart(t0);
        Sample endHint = shared ? null : w.endHint();
        Edge end = shared ? null : endHint != null ? locate(t1, endHint) : locateByTime(t1);
        List<DomainEnergy> domainReports = new ArrayList<>(n);
        boolean complete = true;
        double total = 0;
        int[] roots = new int[n];
        int rootCount = 0;
        for (int d = 0; d < n; d++) {
            if (!scope[d]) {
                continue;
            }
            SensorDomain sd = core.domains.get(d);
            boolean root = core.parent[d] < 0 || !scope[core.parent[d]];
            List<String> notes = null;
            String failure = null;
            double e;
            if (shared) {
                failure = sw.attributionFailure[d];
                e = failure == null ? sw.attributed[d] : Double.NaN;
            } else {
                double v0 = start.value(d);
                double v1 = end.value(d);
                if (Double.isNaN(v0)) {
                    failure = start.failure(d);
                } else if (Double.isNaN(v1)) {
                    failure = end.failure(d);
                } else if (start.epoch(d) != end.epoch(d)) {
                    failure = core.seriesBreakReason(d);
                }
                e = failure == null ? v1 - v0 : Double.NaN;
                if (failure == null && e < 0) {
                    if (e > -1e-9) {
                        e = 0;
                    } else {
                        failure = "counter went backwards by " + (-e) + " J during the window";
                    }
                }
                if (start.note() != null) {
                    notes = new ArrayList<>(2);
                    notes.add("start " + start.note());
                }
                if (end.note() != null) {
                    notes = notes == null ? new ArrayList<>(2) : notes;
                    notes.add("end " + end.note());
                }
            }
            if (core.updatePeriodNanos[d] > 0 && t1 - t0 < core.updatePeriodNanos[d]) {
                notes = notes == null ? new ArrayList<>(1) : notes;
                notes.add("window (" + CarbonReport.formatDuration(duration) + ") is shorter than the counter's update period ("
                        + CarbonReport.formatDuration(Duration.ofNanos(core.updatePeriodNanos[d]))
                        + "): its edges may see the same reading");
            }
            if (notes == null) {
                notes = List.of();
            }
            Optional<String> partial = Optional.empty();
            if (!shared && failure != null && !Double.isNaN(start.value(d)) && Double.isNaN(end.value(d))) {
                // Lost during the window (a GPU off the bus, a zone gone): keep what was measured up to the loss.
                Sample last = lastGoodBefore(d, start, end);
                long until = Long.MIN_VALUE;
                if (last != null) {
                    until = Math.max(last.nanos, t0);
                    e = Math.max(0, last.joules[d] - start.value(d));
                } else if (end.a().lastGood != null && end.a().lastGood.has[d]
                        && end.a().lastGood.epochs[d] == start.epoch(d) && end.a().lastGood.nanos[d] <= t1) {
                    // A synchronous edge: the last reading of the domain before the failed one, by any window or tick.
                    Sample.LastGood g = end.a().lastGood;
                    until = Math.min(t1, Math.max(g.nanos[d], t0));
                    e = Math.max(0, g.joules[d] - start.value(d));
                }
                if (until > t0) { // else nothing was read inside the window: unavailable, not a partial 0 J
                    partial = Optional.of("measured for the first " + CarbonReport.formatDuration(Duration.ofNanos(until - t0))
                            + " of " + CarbonReport.formatDuration(duration) + ", then: " + failure);
                    failure = null;
                }
            }
            String parentId = root ? "" : sd.parent();
            if (failure == null) {
                domainReports.add(new DomainEnergy(sd.id(), parentId, sd.kind(), core.sensorNames[d],
                        Optional.of(Energy.ofJoules(e)), Optional.empty(), notes, partial));
                if (root && partial.isPresent()) {
                    complete = false;
                    warnings.add(sd.id() + " is partial: " + partial.get());
                }
                if (root) {
                    total += e;
                    roots[rootCount++] = d;
                }
            } else {
                domainReports.add(new DomainEnergy(sd.id(), parentId, sd.kind(), core.sensorNames[d], Optional.empty(),
                        Optional.of(failure), notes));
                if (root) {
                    complete = false;
                    warnings.add("total excludes " + sd.id() + ": " + failure);
                }
            }
        }
        Energy totalEnergy = Energy.ofJoules(total);

        int[] rootDomains = Arrays.copyOf(roots, rootCount);
        List<Assumption> assumptions = new ArrayList<>(0);
        Optional<IntensityFactor> factor = Optional.empty();
        Optional<CarbonFigure> operational = Optional.empty();
        if (core.intensity != null) {
            try {
                factor = Optional.of(core.intensity.at(wall0));
                operational = Optional.of(operational(totalEnergy, rootDomains, start, end, t0, t1, wall0, wall1, shared));
                assumptions.add(Assumption.of("grid carbon intensity", factor.get().toString(), core.intensity.description()));
            } catch (RuntimeException ex) {
                warnings.add("no operational carbon: intensity source failed: " + ex.getMessage());
                factor = Optional.empty();
            }
        } else {
            warnings.add(NO_INTENSITY);
        }

        List<EmbodiedShare> embodied = embodied(duration, shared);
        CarbonFigure embodiedSum = CarbonFigure.ZERO;
        boolean hasEmbodied = !core.attachments.isEmpty();
        if (hasEmbodied) {
            for (EmbodiedShare s : embodied) {
                embodiedSum = embodiedSum.plus(s.carbon());
                assumptions.add(Assumption.of("embodied footprint of " + s.device(),
                        s.footprint().carbon() + " over " + s.lifetime().toDays() / 365.0 + " years, "
                                + s.footprint().parameterSet() + " parameters",
                        s.footprint().model() + "; boundary: " + s.footprint().boundary()));
            }
        } else if (operational.isPresent()) {
            warnings.add("no embodied model configured: total carbon is operational only");
        }
        Optional<CarbonFigure> embodiedTotal = hasEmbodied ? Optional.of(embodiedSum) : Optional.empty();
        Optional<CarbonFigure> totalCarbon = operational.map(o -> o.plus(embodiedTotal.orElse(CarbonFigure.ZERO)));

        List<Assumption> allAssumptions;
        if (assumptions.isEmpty() && !(shared && operational.isPresent())) {
            allAssumptions = core.meterAssumptions; // the common case: nothing specific to this window
        } else {
            assumptions.add(core.attributionAssumption);
            assumptions.add(core.samplingAssumption);
            if (shared && operational.isPresent()) {
                assumptions.add(SHARED_INTENSITY);
            }
            assumptions.addAll(core.sensorAssumptions);
            allAssumptions = assumptions;
        }
        // Immutable lists pass through CarbonReport's List.copyOf without a copy.
        List<Window.UnitCount> counted = w.counted();
        for (Window.UnitCount c : counted) {
            if (c.count() == 0) {
                warnings.add("counted no " + c.unit() + ": no figures per " + c.unit());
            }
        }
        List<String> allWarnings = warnings.equals(core.meterWarnings) ? core.meterWarnings : warnings;
        CarbonReport r = new CarbonReport(site.label, wall0, wall1, duration, core.samplingDescription(), core.attribution,
                List.copyOf(domainReports), totalEnergy, complete, factor, operational, embodied, embodiedTotal,
                totalCarbon, allAssumptions, allWarnings);
        if (counted.isEmpty()) {
            return r;
        }
        List<FunctionalUnitReport> perUnit = new ArrayList<>(counted.size());
        for (Window.UnitCount c : counted) {
            if (c.count() > 0) {
                perUnit.add(r.per(c.count(), c.unit()));
            }
        }
        return new CarbonReport(r.label(), r.start(), r.end(), r.duration(), r.sampling(), r.attribution(), r.domains(),
                r.totalEnergy(), r.complete(), r.intensity(), r.operational(), r.embodied(), r.embodiedTotal(), r.total(),
                r.assumptions(), r.warnings(), perUnit);
    }

    /**
     * Operational carbon: energy × intensity, split at every change of intensity inside the window. In
     * sampled mode the energy of each piece comes from the samples at the cut; otherwise (synchronous
     * edges, shared attribution, or cuts older than the sample history) it is spread uniformly.
     */
    private CarbonFigure operational(Energy total, int[] roots, Edge start, Edge end, long t0, long t1,
                                     Instant wall0, Instant wall1, boolean shared) {
        List<Instant> cuts = core.intensity.changesBetween(wall0, wall1);
        if (cuts.isEmpty() || shared || core.synchronous) {
            return core.intensity.carbonOf(total, wall0, wall1);
        }
        List<Edge> edges = new ArrayList<>();
        edges.add(start);
        Sample hint = start.a();
        for (Instant c : cuts) {
            long t = t0 + Duration.between(wall0, c).toNanos();
            Edge e = locate(t, hint);
            if (e.note() != null) {
                return core.intensity.carbonOf(total, wall0, wall1);
            }
            edges.add(e);
            hint = e.a();
        }
        edges.add(end);
        List<Instant> walls = new ArrayList<>();
        walls.add(wall0);
        walls.addAll(cuts);
        CarbonFigure sum = CarbonFigure.ZERO;
        for (int i = 0; i + 1 < edges.size(); i++) {
            double piece = 0;
            for (int d : roots) {
                double a = edges.get(i).value(d);
                double b = edges.get(i + 1).value(d);
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    return core.intensity.carbonOf(total, wall0, wall1);
                }
                piece += Math.max(0, b - a);
            }
            sum = sum.plus(core.intensity.carbonAt(Energy.ofJoules(piece), walls.get(i)));
        }
        return sum;
    }

    private List<EmbodiedShare> embodied(Duration duration, boolean shared) {
        if (core.attachments.isEmpty()) {
            return List.of();
        }
        List<EmbodiedShare> list = new ArrayList<>();
        for (MeterCore.Attachment a : core.attachments) {
            int d = a.domain();
            double timeNanos;
            double share;
            if (d < 0) {
                timeNanos = shared ? ((SharedWindow) w).attributedTime[n] : duration.toNanos();
                share = 1.0;
            } else if (scope[d]) {
                timeNanos = shared ? ((SharedWindow) w).attributedTime[d] : duration.toNanos();
                share = 1.0;
            } else {
                // Only nested domains (MIG instances) of the device are covered: charge their resource share.
                double weighted = 0;
                double longest = 0;
                for (int c = 0; c < n; c++) {
                    if (scope[c] && core.parent[c] == d) {
                        double t = shared ? ((SharedWindow) w).attributedTime[c] : duration.toNanos();
                        weighted += t * core.domains.get(c).resourceShare();
                        longest = Math.max(longest, t);
                    }
                }
                if (longest == 0) {
                    continue;
                }
                timeNanos = longest;
                share = Math.min(1.0, weighted / longest);
            }
            Duration time = Duration.ofNanos(Math.round(timeNanos));
            CarbonFigure c = share > 0 && timeNanos > 0 ? a.model().attribute(time, share) : CarbonFigure.ZERO;
            list.add(new EmbodiedShare(a.device(), a.model().footprint(), a.model().lifetime(), time,
                    Math.max(share, Double.MIN_VALUE), c));
        }
        return list;
    }

    /**
     * Finds the samples around {@code t} without a hint: a binary search of the history by time (the newest
     * samples first, as a just-closed window's end is usually after the newest sample).
     */
    private Edge locateByTime(long t) {
        SampleRing ring = core.ring;
        Sample latest = ring.latest();
        if (latest.nanos <= t) {
            return locate(t, latest);
        }
        long hiSeq = latest.seq;
        long loSeq = Math.max(0, latest.seq - ring.capacity() + 1);
        Sample lo = ring.get(loSeq);
        while (lo == null && loSeq < hiSeq) {
            lo = ring.get(++loSeq); // overwritten while we looked: the history moved on
        }
        if (lo == null || lo.nanos > t) {
            return locate(t, lo != null ? lo : latest); // older than the history: locate says so
        }
        // lo.nanos <= t < nanos of hiSeq
        while (hiSeq - loSeq > 1) {
            long mid = (loSeq + hiSeq) >>> 1;
            Sample m = ring.get(mid);
            if (m == null) {
                return locate(t, lo); // overwritten under us: walk from what we hold
            }
            if (m.nanos <= t) {
                loSeq = mid;
                lo = m;
            } else {
                hiSeq = mid;
            }
        }
        return locate(t, lo);
    }

    /**
     * Finds the samples around a sampled window's start by time; if the start has left the history, interpolates
     * from the site's base sample (taken before the start and kept by the site) as far as the history allows.
     */
    private Edge locateStart(long t0) {
        Edge e = locateByTime(t0);
        Sample base = site.baseSample;
        if (e.note() != null && base != null && base.nanos <= t0 && base.seq < e.a().seq) {
            return locate(t0, base);
        }
        return e;
    }

    /**
     * The latest sample, from the start edge's to the end edge's, in which {@code d} was read in the start's
     * series; null in synchronous mode (no history) or if none is left in the ring.
     */
    private Sample lastGoodBefore(int d, Edge start, Edge end) {
        if (start.a().seq < 0 || end.a().seq < 0) {
            return null;
        }
        for (long seq = end.a().seq; seq >= start.a().seq; seq--) {
            Sample s = core.ring.get(seq);
            if (s == null) {
                return null;
            }
            if (s.available(d) && s.epochs[d] == start.epoch(d)) {
                return s;
            }
        }
        return null;
    }

    /** Finds the samples around {@code t}, starting the search from {@code hint}. */
    private Edge locate(long t, Sample hint) {
        if (hint.seq < 0) {
            return new Edge(hint, null, 0, null); // a synchronous edge is exact
        }
        SampleRing ring = core.ring;
        Sample a = hint;
        while (a.nanos > t) {
            Sample p = ring.get(a.seq - 1);
            if (p == null) {
                return new Edge(a, null, 0, "taken from the oldest sample in the history (" + ring.capacity()
                        + " samples), which is later than the edge");
            }
            a = p;
        }
        boolean sampled = false;
        while (true) {
            Sample b = ring.get(a.seq + 1);
            if (b == null) {
                if (a.nanos == t) {
                    return new Edge(a, null, 0, null);
                }
                Sample latest = ring.latest();
                if (latest.seq > a.seq + 1) {
                    // The sample right after a was overwritten: interpolate to the oldest one still held.
                    Sample oldest = null;
                    for (long s = latest.seq - ring.capacity() + 1; s <= latest.seq && oldest == null; s++) {
                        Sample c = ring.get(s);
                        if (c != null && c.nanos >= t) {
                            oldest = c;
                        }
                    }
                    if (oldest == null) {
                        return new Edge(a, null, 0, "could not be interpolated: history overwritten");
                    }
                    double f = oldest.nanos == a.nanos ? 0 : (t - a.nanos) / (double) (oldest.nanos - a.nanos);
                    return new Edge(a, oldest, f, "interpolated over "
                            + CarbonReport.formatDuration(Duration.ofNanos(oldest.nanos - a.nanos))
                            + " because the sample history was overwritten");
                }
                if (!sampled && !core.isClosed()) {
                    core.tick();
                    sampled = true;
                    continue;
                }
                return new Edge(a, null, 0, "extrapolated: no sample after it (meter closed)");
            }
            if (b.nanos <= t) {
                a = b;
                continue;
            }
            double f = (t - a.nanos) / (double) (b.nanos - a.nanos);
            return new Edge(a, b, f, null);
        }
    }
}
