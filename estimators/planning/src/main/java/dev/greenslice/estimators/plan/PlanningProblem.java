package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.carbon.intensity.IntensityFactor;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.workload.ServingForecast;
import dev.greenslice.estimators.workload.ServingModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One planning request resolved against the models of power and latency: each demand's profile, workload,
 * memory need and the instance sizes it can have; the GPU's feasible MIG profile multisets; and a fast
 * evaluator of one GPU's carbon that repeats {@code DeploymentModel}'s arithmetic on cached forecasts and
 * power totals, without per-tenant attribution or explanations. Planners search with it and report with
 * {@code DeploymentModel}; {@code PlanningProblemTest} checks that both agree.
 *
 * <p>Not thread-safe: one per {@code plan} call.
 */
final class PlanningProblem {

    /** Relative difference under which two costs are a tie. */
    static final double TIE = 1e-9;

    final PlanningRequest request;
    final ModelProfiles profiles;
    final DevicePowerProfile device;
    final PowerEstimator estimator;
    final GpuModel gpu;
    final MigGeometry geometry;
    /** The geometry layouts are described in: the GPU's, or an empty one for a GPU without MIG. */
    final MigGeometry layoutGeometry;
    final int gpuSlices;
    final int[] clocks;
    final double[] baselineWatts;
    final Demand[] demands;
    final Assumption gpuAssumption;
    /** Models whose memory need was inferred from the smallest instance they were measured on. */
    final java.util.Set<String> inferredMemory = new java.util.TreeSet<>();
    final Layouts layouts;
    /** Whether the intensity is known not to change before {@link #constantForS} seconds after the start. */
    private boolean constantIntensity = true;
    private double constantForS = -1;
    final double gramsPerJoule;
    final double embodiedGramsPerSecond;
    private final PowerTable power = new PowerTable();
    private final Map<ModelPlacement, Integer> placementIds = new HashMap<>();
    private final Map<GroupKey, GroupChoice> groups = new HashMap<>();
    long evaluations;

    PlanningProblem(PlanningRequest request, ModelProfiles profiles, DevicePowerProfile device,
                    PowerEstimator estimator) {
        this.request = request;
        this.profiles = profiles;
        this.device = device;
        this.estimator = estimator;
        this.gpu = request.gpu();
        this.gpuAssumption = device.requireFor(gpu);
        this.geometry = gpu.mig();
        this.gpuSlices = geometry == null ? 7 : geometry.computeSlices();
        this.layoutGeometry = geometry != null ? geometry : new MigGeometry(gpu.id(), 1, 1, List.of());
        List<Integer> cl = device.clocksMhz();
        this.clocks = cl.stream().mapToInt(Integer::intValue).toArray();
        if (clocks.length > 63) {
            throw new IllegalArgumentException("The device profile has " + clocks.length + " clocks; planning takes at"
                    + " most 63 (give the device file the clocks to plan at)");
        }
        this.baselineWatts = new double[clocks.length];
        for (int i = 0; i < clocks.length; i++) {
            baselineWatts[i] = device.baseline(clocks[i]).watts();
        }
        this.layouts = geometry == null ? null : Layouts.of(geometry);
        List<ModelDemand> ds = request.demands();
        this.demands = new Demand[ds.size()];
        for (int i = 0; i < demands.length; i++) {
            demands[i] = new Demand(i, ds.get(i));
        }
        double lifetime = seconds(request.embodied().lifetime());
        this.embodiedGramsPerSecond = request.embodied().footprint().carbon().value().grams() / lifetime;
        IntensityFactor f = request.intensity().at(request.start());
        this.gramsPerJoule = f.value().gramsPerKwh() / 3.6e6;
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    int placementId(ModelPlacement p) {
        return placementIds.computeIfAbsent(p, k -> placementIds.size());
    }

    // ---- demands and their instance sizes -----------------------------------------------------------

    /** One demand resolved: profile, workload, memory, and the instance sizes it may have. */
    final class Demand {
        final int index;
        final ModelDemand demand;
        final ModelProfile profile;
        final ModelDemand workload;
        final double memoryNeedGb;
        final Size[] sizes;
        /** Why the demand cannot be planned at all, or null. */
        final String problem;

        Demand(int index, ModelDemand demand) {
            this.index = index;
            this.demand = demand;
            this.profile = profiles.profile(demand.model());
            this.workload = demand;
            if (demand.memoryNeedGb().isPresent()) {
                memoryNeedGb = demand.memoryNeedGb().getAsDouble();
            } else if (profile.memoryNeedGb().isPresent()) {
                memoryNeedGb = profile.memoryNeedGb().getAsDouble();
                if (profile.isMemoryNeedInferred()) {
                    inferredMemory.add(demand.model());
                }
            } else if (geometry != null
                    && profile.withMemoryNeedInferredFrom(geometry).memoryNeedGb().isPresent()) {
                // The same rule as for the embedded profiles: the smallest instance it was measured on.
                memoryNeedGb = profile.withMemoryNeedInferredFrom(geometry).memoryNeedGb().getAsDouble();
                inferredMemory.add(demand.model());
            } else {
                throw new IllegalArgumentException("Memory need of demand " + demand.name() + " (" + demand.model()
                        + ") is unknown: set it in the demand (memoryNeedGb) or in the model's profile");
            }
            TreeSet<Integer> slices = new TreeSet<>();
            profile.points().forEach(p -> {
                if (p.batchSize() == demand.batchSize()) {
                    slices.add(p.slices());
                }
            });
            List<Size> list = new ArrayList<>();
            String why = null;
            if (slices.isEmpty()) {
                why = demand.name() + ": the profile of " + demand.model() + " has no batch size " + demand.batchSize()
                        + " (it has " + profile.batchSizes() + ")";
            } else {
                if (geometry != null) {
                    // The smallest-memory profile per compute size that holds the model: a bigger one of the same
                    // compute size is as fast and takes more memory slots (1g.20gb against 1g.10gb).
                    Map<Integer, MigProfile> best = new HashMap<>();
                    for (MigProfile p : geometry.profiles()) {
                        if (p.mediaExtensions() || p.computeSlices() >= gpuSlices || p.memoryGb() < memoryNeedGb
                                || !slices.contains(p.computeSlices())) {
                            continue;
                        }
                        MigProfile b = best.get(p.computeSlices());
                        if (b == null || p.memorySlices() < b.memorySlices()) {
                            best.put(p.computeSlices(), p);
                        }
                    }
                    best.values().stream().sorted((a, b) -> Integer.compare(a.computeSlices(), b.computeSlices()))
                            .forEach(p -> list.add(new Size(this, p, p.computeSlices(), p.memoryGb(), p.memorySlices())));
                }
                if (slices.contains(gpuSlices) && gpu.memoryGb() >= memoryNeedGb) {
                    list.add(new Size(this, null, gpuSlices, gpu.memoryGb(), geometry == null ? 0 : geometry.memorySlots()));
                }
                if (list.isEmpty()) {
                    why = String.format(Locale.ROOT, "%s: needs %.0f GB; no instance its profile covers (%s slices) has"
                            + " that much memory on %s", demand.name(), memoryNeedGb, slices, gpu.id());
                }
            }
            this.sizes = list.toArray(new Size[0]);
            this.problem = why;
        }

        /** The whole GPU if its profile has it, else the largest instance: the dedicated alternative's size. */
        Size dedicatedSize() {
            Size best = null;
            for (Size s : sizes) {
                if (best == null || s.slices > best.slices) {
                    best = s;
                }
            }
            return best;
        }

        String name() {
            return demand.name();
        }
    }

    /** One instance size of one demand (a MIG profile, or the whole GPU) and its forecasts per clock. */
    final class Size {
        final Demand demand;
        final MigProfile profile;
        final int slices;
        final double memoryGb;
        final int memorySlots;
        final ModelPlacement placement;
        final int placementId;
        /** Its MIG profile's unit in a layout multiset key; 0 for the whole GPU. */
        final long unit;
        private final byte[] state;
        private final double[] completion;
        private final double[] busy;
        private final double[] latency;
        private final double[] slo;
        private final double[] isolated;
        /** Board power with only this size busy, per clock index; NaN until asked. */
        final double[] single;

        Size(Demand demand, MigProfile profile, int slices, double memoryGb, int memorySlots) {
            this.demand = demand;
            this.profile = profile;
            this.slices = slices;
            this.memoryGb = memoryGb;
            this.memorySlots = memorySlots;
            this.placement = new ModelPlacement(demand.demand.model(), demand.demand.batchSize(), slices);
            this.placementId = placementId(placement);
            this.unit = profile == null ? 0L : layouts.unit(profile);
            int n = clocks.length;
            state = new byte[n];
            completion = new double[n];
            busy = new double[n];
            latency = new double[n];
            slo = new double[n];
            isolated = new double[n];
            single = new double[n];
            Arrays.fill(single, Double.NaN);
        }

        boolean whole() {
            return profile == null;
        }

        private long dataMask = -1;
        private long okMask;

        /** Clock indices (bits) with data for this size. */
        long dataMask() {
            if (dataMask < 0) {
                long data = 0;
                long ok = 0;
                for (int c = 0; c < clocks.length; c++) {
                    if (hasData(c)) {
                        data |= 1L << c;
                        if (meetsSlo(c)) {
                            ok |= 1L << c;
                        }
                    }
                }
                okMask = ok;
                dataMask = data;
            }
            return dataMask;
        }

        /** Clock indices (bits) where this size meets its SLO. */
        long okMask() {
            dataMask();
            return okMask;
        }

        // state: 0 unknown, 1 no data, 2 forecast
        private void load(int c) {
            if (state[c] != 0) {
                return;
            }
            if (demand.profile.point(demand.demand.batchSize(), slices, clocks[c]).isEmpty()) {
                state[c] = 1;
                return;
            }
            ServingForecast f = ServingModel.forecast(demand.profile, demand.workload, slices, clocks[c]);
            completion[c] = f.completion().toNanos() / 1e9;
            busy[c] = f.busyShare();
            latency[c] = f.meanLatencyMs();
            slo[c] = f.sloMs();
            isolated[c] = f.isolatedLatencyMs();
            state[c] = 2;
        }

        boolean hasData(int c) {
            load(c);
            return state[c] == 2;
        }

        boolean meetsSlo(int c) {
            return hasData(c) && latency[c] <= slo[c];
        }

        double completion(int c) {
            load(c);
            return completion[c];
        }

        double busy(int c) {
            load(c);
            return busy[c];
        }

        double latencyMs(int c) {
            load(c);
            return latency[c];
        }

        double sloMs(int c) {
            load(c);
            return slo[c];
        }

        String label() {
            return profile == null ? "whole GPU" : profile.name();
        }
    }

    // ---- why a demand cannot be planned -------------------------------------------------------------

    /** @return the fewest compute slices the demands need on MIG instances of one GPU together */
    int minSlices(int[] members) {
        int total = 0;
        for (int m : members) {
            int least = Integer.MAX_VALUE / 32;
            for (Size s : demands[m].sizes) {
                if (!s.whole()) {
                    least = Math.min(least, s.slices);
                }
            }
            total += least;
        }
        return total;
    }

    /** @return why the demand can be served on no instance and clock (memory, data or SLO), or null */
    String infeasibility(Demand d) {
        if (d.problem != null) {
            return d.problem;
        }
        double bestLatency = Double.POSITIVE_INFINITY;
        Size bestSize = null;
        int bestClock = -1;
        for (Size s : d.sizes) {
            List<Integer> candidates = clockCandidates(new Size[]{s});
            for (int c : candidates) {
                if (s.meetsSlo(c)) {
                    return null;
                }
                if (s.latencyMs(c) < bestLatency) {
                    bestLatency = s.latencyMs(c);
                    bestSize = s;
                    bestClock = c;
                }
            }
        }
        if (bestSize == null) {
            return d.name() + ": its profile has no clock in the device profile at batch size " + d.demand.batchSize();
        }
        return String.format(Locale.ROOT, "%s misses its SLO of %.1f ms on every instance and clock%s (best %.1f ms"
                        + " on %s at %d MHz, load %s)", d.name(), bestSize.sloMs(bestClock),
                request.tuneClocks() ? "" : " (clock tuning off: highest clock)", bestLatency, bestSize.label(),
                clocks[bestClock], d.demand.arrival());
    }

    /** @throws dev.greenslice.carbon.plan.NoFeasiblePlanException naming every demand that no plan can serve */
    void requireEachFeasible(String planner) {
        List<String> reasons = new ArrayList<>();
        for (Demand d : demands) {
            String why = infeasibility(d);
            if (why != null) {
                reasons.add(why);
            }
        }
        if (!reasons.isEmpty()) {
            throw new dev.greenslice.carbon.plan.NoFeasiblePlanException(planner, reasons);
        }
    }

    // ---- clocks -------------------------------------------------------------------------------------

    /**
     * The clocks a GPU holding {@code sizes} may run at: with tuning, every clock all have data at; without,
     * only the highest such clock. SLOs are not checked here.
     */
    /**
     * The clocks (bits of clock indices) a GPU holding {@code sizes} may run at with every SLO met: with
     * tuning, every clock all have data at and meet their SLOs at; without, the highest clock all have data
     * at, if every SLO is met there.
     */
    long feasibleClocks(Size[] sizes) {
        long data = -1L;
        long ok = -1L;
        for (Size s : sizes) {
            data &= s.dataMask();
            ok &= s.okMask();
        }
        if (request.tuneClocks()) {
            return ok;
        }
        long highest = Long.highestOneBit(data);
        return (ok & highest) != 0 ? highest : 0;
    }

    List<Integer> clockCandidates(Size[] sizes) {
        List<Integer> out = new ArrayList<>();
        for (int c = clocks.length - 1; c >= 0; c--) {
            boolean all = true;
            for (Size s : sizes) {
                if (!s.hasData(c)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(c);
                if (!request.tuneClocks()) {
                    break;
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    // ---- the fast evaluator -------------------------------------------------------------------------

    /** Totals of one GPU at one clock, as the search compares them. */
    static final class Eval {
        double cost;
        double energyJ;
        double makespanS;
    }

    private final double[] cutScratch = new double[16];
    private final double[] complScratch = new double[16];
    private final double[] busyScratch = new double[16];
    private final double[] setPower = new double[1 << 8];
    private final int[] aliveScratch = new int[16];

    /**
     * Evaluates a GPU with {@code sizes[k]} for each tenant at clock index {@code c}: DeploymentModel's energy
     * (expected power over subsets of busy tenants between completions, baseline when none is busy), its
     * operational carbon and its embodied carbon. Every size must have data at {@code c}.
     */
    void evaluate(Size[] sizes, int n, int c, Eval out) {
        evaluations++;
        double[] compl = complScratch;
        double[] u = busyScratch;
        for (int k = 0; k < n; k++) {
            compl[k] = sizes[k].completion(c);
            u[k] = sizes[k].busy(c);
        }
        double[] cuts = cutScratch;
        System.arraycopy(compl, 0, cuts, 0, n);
        Arrays.sort(cuts, 0, n);
        Arrays.fill(setPower, 0, 1 << n, Double.NaN);
        boolean constant = constantUpTo(cuts[n - 1]);
        double baseline = baselineWatts[c];
        double total = 0;
        double operational = 0;
        double from = 0;
        int[] alive = aliveScratch;
        for (int ci = 0; ci < n; ci++) {
            double to = cuts[ci];
            double dt = to - from;
            if (dt <= 0) {
                continue;
            }
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (compl[k] >= to) {
                    alive[m++] = k;
                }
            }
            double p = 0;
            for (int mask = 0; mask < (1 << m); mask++) {
                double prob = 1;
                int set = 0;
                for (int j = 0; j < m; j++) {
                    int k = alive[j];
                    boolean isBusy = (mask & (1 << j)) != 0;
                    prob *= isBusy ? u[k] : 1 - u[k];
                    if (isBusy) {
                        set |= 1 << k;
                    }
                }
                if (prob <= 0) {
                    continue;
                }
                if (set == 0) {
                    p += prob * baseline;
                    continue;
                }
                double w = setPower[set];
                if (Double.isNaN(w)) {
                    w = powerOf(sizes, n, set, c);
                    setPower[set] = w;
                }
                p += prob * w;
            }
            total += p * dt;
            if (!constant) {
                Instant a = request.start().plusNanos(Math.round(from * 1e9));
                Instant b = request.start().plusNanos(Math.round(to * 1e9));
                operational += request.intensity().carbonOf(Energy.ofJoules(p * dt), a, b).value().grams();
            }
            from = to;
        }
        if (constant) {
            operational = total * gramsPerJoule;
        }
        double makespan = Math.round(cuts[n - 1] * 1e9) / 1e9;
        double embodied;
        if (request.accounting() == EmbodiedAccounting.WHOLE_DEVICE) {
            embodied = embodiedGramsPerSecond * makespan;
        } else {
            embodied = 0;
            for (int k = 0; k < n; k++) {
                embodied += embodiedGramsPerSecond * (Math.round(compl[k] * 1e9) / 1e9)
                        * Math.min(1.0, sizes[k].slices / (double) gpuSlices);
            }
        }
        out.cost = operational + embodied;
        out.energyJ = total;
        out.makespanS = makespan;
    }

    /* Asks the source once per doubling of the horizon: constant sources answer from memory, traces say where. */
    private boolean constantUpTo(double seconds) {
        if (!constantIntensity || seconds <= constantForS) {
            return constantIntensity;
        }
        double horizon = Math.min(Math.max(2 * seconds, 3600), 1e9);
        Instant start = request.start();
        constantIntensity = request.intensity().changesBetween(start, start.plusNanos(Math.round(horizon * 1e9)))
                .isEmpty();
        constantForS = horizon;
        return constantIntensity;
    }

    private double powerOf(Size[] sizes, int n, int set, int c) {
        long lo = 0;
        long hi = 0;
        int j = 0;
        for (int k = 0; k < n; k++) {
            if ((set & (1 << k)) != 0) {
                long id = sizes[k].placementId + 1L;
                if (j < 4) {
                    lo |= id << (16 * j);
                } else {
                    hi |= id << (16 * (j - 4));
                }
                j++;
            }
        }
        boolean cacheable = placementIds.size() < 65535 && j <= 7;
        long hiClock = (hi << 8) | c;
        if (cacheable) {
            double w = power.get(lo, hiClock);
            if (!Double.isNaN(w)) {
                return w;
            }
        }
        List<ModelPlacement> busy = new ArrayList<>(j);
        for (int k = 0; k < n; k++) {
            if ((set & (1 << k)) != 0) {
                busy.add(sizes[k].placement);
            }
        }
        double w = estimator.totalPower(clocks[c], busy).watts();
        if (w < baselineWatts[c]) {
            baselineBoundHolds = false;
        }
        if (j > 1 && monotoneBoundHolds) {
            for (int k = 0; k < n; k++) {
                if ((set & (1 << k)) != 0 && w < singlePower(sizes[k], c)) {
                    monotoneBoundHolds = false;
                }
            }
        }
        if (cacheable) {
            power.put(lo, hiClock, w);
        }
        return w;
    }

    /**
     * Board power by (clock, busy placements): open addressing over primitive arrays, since planners look
     * it up millions of times. Keys are the packed placement ids (16 bits each, the first four in {@code lo},
     * up to three more in {@code hi}) and the clock index in the low byte of {@code hiClock}; {@code lo} is
     * never 0 for a real key (ids are stored plus one), so 0 marks a free slot.
     */
    private static final class PowerTable {
        /*
         * One slot is three adjacent longs (lo, hi, value's bits), so that a probe touches one cache line rather
         * than one in each of three arrays: at thousands of models the table outgrows the caches and lookups are
         * bound by memory.
         */
        private long[] slots = new long[3 << 12];
        private int capacity = 1 << 12;
        private int size;

        private static int slot(long lo, long hi, int mask) {
            long h = lo * 0x9E3779B97F4A7C15L + hi * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return (int) h & mask;
        }

        double get(long lo, long hi) {
            int mask = capacity - 1;
            long[] t = slots;
            for (int i = slot(lo, hi, mask); ; i = (i + 1) & mask) {
                int at = 3 * i;
                if (t[at] == 0) {
                    return Double.NaN;
                }
                if (t[at] == lo && t[at + 1] == hi) {
                    return Double.longBitsToDouble(t[at + 2]);
                }
            }
        }

        void put(long lo, long hi, double value) {
            if (2 * (size + 1) > capacity) {
                grow();
            }
            int mask = capacity - 1;
            long[] t = slots;
            for (int i = slot(lo, hi, mask); ; i = (i + 1) & mask) {
                int at = 3 * i;
                if (t[at] == 0) {
                    t[at] = lo;
                    t[at + 1] = hi;
                    t[at + 2] = Double.doubleToRawLongBits(value);
                    size++;
                    return;
                }
                if (t[at] == lo && t[at + 1] == hi) {
                    t[at + 2] = Double.doubleToRawLongBits(value);
                    return;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            capacity *= 2;
            slots = new long[3 * capacity];
            size = 0;
            for (int at = 0; at < old.length; at += 3) {
                if (old[at] != 0) {
                    put(old[at], old[at + 1], Double.longBitsToDouble(old[at + 2]));
                }
            }
        }
    }

    // ---- one GPU's best configuration ---------------------------------------------------------------

    private record GroupKey(int[] members) {
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && Arrays.equals(members, k.members);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(members);
        }
    }

    /** The least-carbon configuration of one GPU holding {@code members} (sorted demand indices), memoized. */
    GroupChoice optimize(int[] members) {
        if (members.length > 1 && (members.length > gpuSlices || minSlices(members) > gpuSlices)) {
            return GroupChoice.INFEASIBLE;
        }
        GroupKey key = new GroupKey(members);
        GroupChoice g = groups.get(key);
        if (g == null) {
            g = new GroupSearch(this, members).run();
            groups.put(key, g);
        }
        return g;
    }

    /** Compares two costs: negative if {@code a} is better, ties within {@link #TIE} broken by GPU-hours. */
    static int compare(double costA, double hoursA, double costB, double hoursB) {
        if (Math.abs(costA - costB) > TIE * Math.max(Math.abs(costA), Math.abs(costB))) {
            return costA < costB ? -1 : 1;
        }
        return Double.compare(hoursA, hoursB);
    }

    private final Map<Integer, GroupChoice> dedicated = new HashMap<>();

    /**
     * The dedicated alternative of one demand: the whole GPU (or, if its profile lacks it, its largest
     * instance) alone, at the best clock by this request's rule; infeasible if its SLO is missed there.
     */
    GroupChoice dedicated(Demand d) {
        GroupChoice g = dedicated.get(d.index);
        if (g == null) {
            Size s = d.dedicatedSize();
            g = d.problem != null || s == null ? GroupChoice.INFEASIBLE
                    : bestClock(new int[]{d.index}, new Size[]{s}, s.unit);
            dedicated.put(d.index, g);
        }
        return g;
    }

    /**
     * The best clock for a GPU holding {@code members} on {@code sizes} (a valid multiset): among the clock
     * candidates where every SLO is met, the least carbon; on a tie fewer GPU-hours, then less energy, then
     * the lower clock. Infeasible if no clock meets every SLO.
     */
    GroupChoice bestClock(int[] members, Size[] sizes, long multiset) {
        return bestClock(members, sizes, multiset, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #bestClock(int[], Size[], long)}, but skips clocks that cannot come within a tie of
     * {@code toBeat}: a GPU draws at least its idle baseline for its whole makespan, and is charged embodied
     * carbon for it, so {@link #lowerBound} bounds a configuration's carbon before its power is estimated.
     * Returns infeasible if nothing comes within a tie of {@code toBeat}.
     */
    GroupChoice bestClock(int[] members, Size[] sizes, long multiset, double toBeat) {
        GroupChoice best = GroupChoice.INFEASIBLE;
        Eval e = new Eval();
        double limit = toBeat;
        long feasible = feasibleClocks(sizes);
        // Fastest first: short makespans make a good incumbent early, and the bound then skips slow clocks.
        for (long bits = feasible; bits != 0; bits &= ~Long.highestOneBit(bits)) {
            int c = 63 - Long.numberOfLeadingZeros(bits);
            if (limit < Double.POSITIVE_INFINITY && lowerBound(sizes, c) > limit + TIE * Math.abs(limit)) {
                pruned++;
                continue;
            }
            evaluate(sizes, sizes.length, c, e);
            if (!best.feasible() ? e.cost <= limit + TIE * Math.abs(limit) : better(e, best, c)) {
                best = new GroupChoice(members, sizes.clone(), c, multiset, e.cost, e.energyJ, e.makespanS);
                limit = Math.min(limit, best.cost);
            }
        }
        return best;
    }

    long pruned;
    long prunedLeaves;

    /** The least {@link #lowerBound} over the clocks a GPU holding {@code sizes} may run at with every SLO met. */
    double leafBound(Size[] sizes) {
        double least = Double.POSITIVE_INFINITY;
        for (long bits = feasibleClocks(sizes); bits != 0; bits &= bits - 1) {
            least = Math.min(least, lowerBound(sizes, Long.numberOfTrailingZeros(bits)));
        }
        return least;
    }

    /**
     * A lower bound of the carbon of a GPU holding {@code sizes} at clock index {@code c}: embodied carbon
     * over the makespan (or each tenant's completion, by resource share) plus, while the intensity is
     * constant, the energy of the idle baseline over the makespan and of the busiest model's own work (its
     * busy time × its power alone above the baseline). It needs no estimate of co-located power. Valid as long
     * as the power estimator never puts a GPU below its idle baseline, nor below any one busy model's power
     * alone — true of the additive and decomposed estimators, whose terms are non-negative powers added to the
     * baseline; an estimator that breaks either is caught ({@link #baselineBoundHolds},
     * {@link #monotoneBoundHolds}) and that part of the bound is not used from then on.
     */
    double lowerBound(Size[] sizes, int c) {
        if (!baselineBoundHolds) {
            return 0;
        }
        double makespan = 0;
        double shareEmbodied = 0;
        for (Size s : sizes) {
            double t = s.completion(c);
            makespan = Math.max(makespan, t);
            shareEmbodied += embodiedGramsPerSecond * t * Math.min(1.0, s.slices / (double) gpuSlices);
        }
        double embodied = request.accounting() == EmbodiedAccounting.WHOLE_DEVICE
                ? embodiedGramsPerSecond * makespan : shareEmbodied;
        double energy = baselineWatts[c] * makespan;
        if (monotoneBoundHolds) {
            // The busiest model's own work: with it busy the board draws at least its power alone.
            double most = 0;
            for (Size s : sizes) {
                most = Math.max(most, s.busy(c) * s.completion(c) * (singlePower(s, c) - baselineWatts[c]));
            }
            energy += most;
        }
        double operational = constantUpTo(makespan) ? energy * gramsPerJoule : 0;
        // A relative margin keeps rounding in evaluate() from making the bound overtake the value it bounds.
        return (embodied + operational) * (1 - 1e-12);
    }

    /** Whether every power estimate so far was at least the idle baseline (see {@link #lowerBound}). */
    private boolean baselineBoundHolds = true;
    /** Whether every estimate so far was at least each busy model's power alone (see {@link #lowerBound}). */
    private boolean monotoneBoundHolds = true;

    /** The board power with only {@code s} busy at clock index {@code c}, cached. */
    double singlePower(Size s, int c) {
        double w = s.single[c];
        if (Double.isNaN(w)) {
            w = powerOf(new Size[]{s}, 1, 1, c);
            s.single[c] = w;
        }
        return w;
    }

    /**
     * Less carbon; on a tie fewer GPU-hours, then less energy (as the tuner breaks its ties), then the lower
     * clock (so the order clocks are tried in does not matter).
     */
    static boolean better(Eval e, GroupChoice best, int clock) {
        int c = compare(e.cost, e.makespanS, best.cost, best.makespanS);
        if (c != 0) {
            return c < 0;
        }
        if (e.energyJ != best.energyJ) {
            return e.energyJ < best.energyJ;
        }
        return clock < best.clock;
    }

    // ---- MIG geometry -------------------------------------------------------------------------------

    /** Which multisets of MIG profiles some valid layout holds, and one such layout for each. */
    static final class Layouts {
        private static final Map<MigGeometry, Layouts> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        /** The layouts of {@code geometry}, enumerated once per geometry (they are immutable). */
        static Layouts of(MigGeometry geometry) {
            return CACHE.computeIfAbsent(geometry, Layouts::new);
        }

        final List<MigProfile> profiles;
        private final Map<Long, MigLayout> byMultiset = new HashMap<>();
        private final long[] keys;

        Layouts(MigGeometry geometry) {
            profiles = geometry.profiles().stream().filter(p -> !p.mediaExtensions()).toList();
            byMultiset.put(0L, MigLayout.empty(geometry));
            for (MigLayout l : MigLayouts.all(geometry, profiles)) {
                long k = 0;
                for (var i : l.instances()) {
                    k += unit(i.profile());
                }
                byMultiset.putIfAbsent(k, l);
            }
            keys = byMultiset.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        }

        /** The multiset key of one instance of {@code p}: 4 bits of count per profile. */
        long unit(MigProfile p) {
            int i = profiles.indexOf(p);
            if (i < 0) {
                throw new IllegalArgumentException("MIG profile " + p + " is not a planning profile of this GPU");
            }
            return 1L << (4 * i);
        }

        boolean feasible(long multiset) {
            return Arrays.binarySearch(keys, multiset) >= 0;
        }

        /** Every multiset some valid layout holds (the empty one included), ascending; a copy. */
        long[] multisets() {
            return keys.clone();
        }

        MigLayout layout(long multiset) {
            return byMultiset.get(multiset);
        }
    }
}
