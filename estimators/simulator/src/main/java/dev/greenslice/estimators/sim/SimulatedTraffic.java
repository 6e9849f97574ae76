package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfilePoint;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.tune.online.ProbeLoad;
import dev.greenslice.estimators.tune.online.ServedWork;
import dev.greenslice.estimators.workload.ServingModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A {@link ProbeLoad} that serves a co-located model set on a {@link SimulatedGpu}: each {@link TenantDemand} serves
 * its {@link ModelDemand}'s requests on its own MIG instance, all tenants at once, as the co-location study runs
 * them. One {@link #serve()} is one probe: every tenant serves its whole request count.
 *
 * <p><b>Service</b> follows {@link ServingModel}: requests are batched in arrival order and batches served
 * first come, first served; an instance is occupied (and its model draws its dynamic power) for the profile's
 * batch interval per batch, and a batch completes its batch latency after its service starts. Closed-loop
 * tenants issue batches back to back; Poisson tenants receive requests at their load share of the model's
 * reference peak throughput, a rate that does not depend on the clock. The probe ends when the last tenant
 * completes; the GPU draws its baseline whenever an instance waits. Latencies and intervals come from the
 * GPU's profiles at its current clock, so a probe at another clock serves the same requests faster or slower.
 *
 * <p><b>Same requests every probe.</b> Poisson arrivals are drawn once from the seed and replayed by every
 * probe (common random numbers), so probes at different clocks differ only by the clock.
 *
 * <p><b>Instances.</b> A single tenant on all of the GPU's compute slices runs on the whole GPU while MIG is
 * disabled. Otherwise {@link #on} applies a MIG layout with one base-profile instance per tenant (the first
 * valid placement, largest instances first) unless the GPU's current layout already has instances of the
 * right sizes; the GPU handle restores its layout when it closes.
 *
 * <p><b>Time.</b> Serving advances the GPU's clock ({@link SimulatedGpu#elapse}): instantly on a
 * {@link dev.greenslice.carbon.MockClock}, in real time otherwise.
 *
 * <p>Not thread-safe: serve from one thread at a time (the tuner does). Fails with
 * {@link IllegalArgumentException} naming the tenant when the GPU's profiles lack its model or cell.
 */
public final class SimulatedTraffic implements ProbeLoad {

    /** The most requests one tenant serves per probe: each probe holds every request's arrival time. */
    public static final long MAX_REQUESTS_PER_PROBE = 10_000_000;

    private final SimulatedGpu gpu;
    private final List<TenantDemand> tenants;
    private final List<MigInstance> instances;
    private final List<ModelProfile> profiles;
    private final List<double[]> arrivalsMs;
    private final List<Integer> clocks;

    private SimulatedTraffic(SimulatedGpu gpu, List<TenantDemand> tenants, List<ModelProfile> profiles, List<Integer> clocks,
                             List<MigInstance> instances, long seed) {
        this.gpu = gpu;
        this.tenants = tenants;
        this.instances = instances;
        this.profiles = profiles;
        this.clocks = clocks;
        this.arrivalsMs = new ArrayList<>();
        for (int i = 0; i < tenants.size(); i++) {
            arrivalsMs.add(arrivals(profiles.get(i), tenants.get(i).demand(), new Random(seed * 1_000_003L + i)));
        }
    }

    /** @return the common clocks of the tenants' cells, highest first; fills {@code profiles} */
    private static List<Integer> check(SimulatedGpu gpu, List<TenantDemand> tenants, List<ModelProfile> profiles) {
        SortedSet<Integer> common = new TreeSet<>(gpu.supportedSmClocksMhz());
        for (TenantDemand t : tenants) {
            ModelProfile profile = gpu.profiles().find(t.demand().model()).orElseThrow(() ->
                    new IllegalArgumentException("Tenant " + t.placement() + ": the simulated GPU has no profile of "
                            + t.demand().model() + "; its models are " + gpu.profiles().models()));
            profiles.add(profile);
            SortedSet<Integer> here = new TreeSet<>();
            for (int c : profile.clocksMhz()) {
                if (profile.point(t.demand().batchSize(), t.placement().slices(), c).isPresent()) {
                    here.add(c);
                }
            }
            if (here.isEmpty()) {
                throw new IllegalArgumentException("Tenant " + t.placement() + ": the profile of "
                        + t.demand().model() + " has no cell at batch " + t.demand().batchSize() + " on "
                        + t.placement().slices() + " slices; it has batch sizes " + profile.batchSizes()
                        + " and slices " + profile.slices());
            }
            common.retainAll(here);
        }
        if (common.isEmpty()) {
            throw new IllegalArgumentException("The tenants " + tenants.stream().map(TenantDemand::placement).toList()
                    + " have no SM clock in common in the simulated GPU's profiles; choose tenants measured at a"
                    + " common clock");
        }
        List<Integer> list = new ArrayList<>(common);
        Collections.reverse(list);
        return List.copyOf(list);
    }

    /**
     * Traffic of {@code tenants} on {@code gpu}, setting up the MIG instances they need.
     *
     * @param gpu     the simulated GPU (its handle restores any layout applied here when it closes)
     * @param tenants the co-located models and their workloads; at least one, at most one per instance
     * @param seed    the seed of the Poisson arrivals (unused for closed-loop tenants)
     * @return the traffic, ready to serve probes
     * @throws IllegalArgumentException naming the tenants if their slices do not fit one GPU, a tenant's
     *                                  model or cell is missing from the GPU's profiles, or a tenant has more
     *                                  than {@link #MAX_REQUESTS_PER_PROBE} requests per probe
     * @throws dev.greenslice.carbon.gpu.GpuDeviceException NO_PERMISSION if a layout is needed and the GPU
     *                                  refuses MIG control
     */
    public static SimulatedTraffic on(SimulatedGpu gpu, List<TenantDemand> tenants, long seed) {
        Objects.requireNonNull(gpu, "gpu");
        List<TenantDemand> ts = List.copyOf(tenants);
        if (ts.isEmpty()) {
            throw new IllegalArgumentException("Simulated traffic needs at least one tenant (model, batch, slices)");
        }
        MigGeometry g = gpu.geometry();
        int slices = ts.stream().mapToInt(t -> t.placement().slices()).sum();
        if (slices > g.computeSlices()) {
            throw new IllegalArgumentException("Tenants " + ts.stream().map(TenantDemand::placement).toList() + " need "
                    + slices + " compute slices; a " + g.gpu() + " has " + g.computeSlices()
                    + ". Put fewer models on this GPU or give them fewer slices");
        }
        boolean whole = ts.size() == 1 && ts.get(0).placement().slices() == g.computeSlices() && !gpu.isMigEnabled();
        for (TenantDemand t : ts) {
            if (t.demand().requests() > MAX_REQUESTS_PER_PROBE) {
                throw new IllegalArgumentException("Tenant " + t.placement() + ": " + t.demand().requests()
                        + " requests per probe are more than the " + MAX_REQUESTS_PER_PROBE + " the simulation draws"
                        + " one by one; give fewer requests per probe");
            }
            int s = t.placement().slices();
            if (!whole && g.baseProfile(s).isEmpty()) {
                throw new IllegalArgumentException("Tenant " + t.placement() + ": " + g.gpu() + " has no MIG instance with "
                        + s + " compute slices; sizes are " + g.baseProfiles().stream().map(MigProfile::computeSlices).toList());
            }
        }
        // Everything is checked before the device changes.
        List<ModelProfile> profiles = new ArrayList<>();
        List<Integer> clocks = check(gpu, ts, profiles);
        for (int i = 0; i < ts.size(); i++) {
            ModelDemand w = ts.get(i).demand();
            if (w.arrival() instanceof Arrival.Poisson p) {
                // A tiny load share stretches a probe past the range of time the simulation computes in.
                double perSecond = p.loadShare() * ServingModel.reference(profiles.get(i), w.batchSize()).requestsPerSecond();
                double seconds = w.requests() / perSecond;
                if (!(seconds < ServingModel.MAX_RUN.getSeconds())) {
                    throw new IllegalArgumentException("Tenant " + ts.get(i).placement() + ": " + w.requests()
                            + " Poisson requests at " + String.format(java.util.Locale.ROOT, "%.3g", perSecond)
                            + " requests/s would take longer than the 292 years a probe may last; raise the load"
                            + " share or serve fewer requests");
                }
            }
        }
        List<MigInstance> instances = new ArrayList<>();
        if (whole) {
            instances.add(null);
        } else {
            List<MigInstance> found = gpu.isMigEnabled() ? assign(gpu.migLayout().instances(), ts) : null;
            if (found == null) {
                MigLayout layout = layoutFor(g, ts);
                gpu.applyMigLayout(layout, false);
                found = assign(gpu.migLayout().instances(), ts);
            }
            instances.addAll(found);
        }
        return new SimulatedTraffic(gpu, ts, List.copyOf(profiles), clocks, Collections.unmodifiableList(instances), seed);
    }

    /** Matches each tenant to a distinct instance of its size, or null if the instances do not fit. */
    private static List<MigInstance> assign(List<MigInstance> available, List<TenantDemand> tenants) {
        List<MigInstance> left = new ArrayList<>(available);
        List<MigInstance> out = new ArrayList<>();
        for (TenantDemand t : tenants) {
            MigInstance hit = null;
            for (MigInstance i : left) {
                if (i.computeSlices() == t.placement().slices()) {
                    hit = i;
                    break;
                }
            }
            if (hit == null) {
                return null;
            }
            left.remove(hit);
            out.add(hit);
        }
        return out;
    }

    /** One base-profile instance per tenant, placed by backtracking over the geometry's placement table. */
    private static MigLayout layoutFor(MigGeometry g, List<TenantDemand> tenants) {
        List<Integer> sizes = new ArrayList<>();
        for (TenantDemand t : tenants) {
            sizes.add(t.placement().slices());
        }
        sizes.sort(Comparator.reverseOrder());
        MigLayout found = place(g, MigLayout.empty(g), sizes, 0);
        if (found == null) {
            throw new IllegalArgumentException("Tenants " + tenants.stream().map(TenantDemand::placement).toList()
                    + ": no valid MIG layout of " + g.gpu() + " holds instances of " + sizes + " slices");
        }
        return found;
    }

    private static MigLayout place(MigGeometry g, MigLayout layout, List<Integer> sizes, int k) {
        if (k == sizes.size()) {
            return layout;
        }
        MigProfile p = g.baseProfile(sizes.get(k)).orElseThrow();
        for (MigInstance candidate : MigLayouts.candidates(g, List.of(p))) {
            if (layout.canAdd(candidate)) {
                MigLayout done = place(g, layout.with(candidate), sizes, k + 1);
                if (done != null) {
                    return done;
                }
            }
        }
        return null;
    }

    private static double[] arrivals(ModelProfile profile, ModelDemand w, Random random) {
        int n = Math.toIntExact(w.requests());
        double[] at = new double[n];
        if (w.arrival() instanceof Arrival.Poisson) {
            // The rate is the load share of the reference configuration's peak: the same at every clock.
            double perMs = ServingModel.arrivalRate(profile, w, ServingModel.reference(profile, w.batchSize())) / 1000.0;
            double t = 0;
            for (int i = 0; i < n; i++) {
                t += -Math.log(1 - random.nextDouble()) / perMs;
                at[i] = t;
            }
        }
        return at;
    }

    /**
     * The offline tuner's request for this traffic's tenants on this GPU (whole-device accounting, the clocks
     * this traffic can run at): what {@link dev.greenslice.estimators.tune.online.OnlineFrequencyTuner.Builder#prior} takes, so that a tuner refused
     * clock control can still say which clock it would set. A model served twice gets a numbered name.
     *
     * @param intensity the grid's intensity
     * @param embodied  the GPU's embodied carbon
     * @return the offline tuner's request
     * @throws IllegalStateException if the GPU is not in the catalog
     */
    public TuningRequest tuningRequest(IntensitySource intensity, EmbodiedCarbon embodied) {
        TuningRequest.Builder b = TuningRequest.builder(gpu.model().orElseThrow(() -> new IllegalStateException(
                gpu.id() + " has no catalog model; the offline tuner needs the GPU type")), intensity, embodied);
        Set<String> names = new HashSet<>();
        for (TenantDemand t : tenants) {
            ModelDemand d = t.demand();
            String name = d.name();
            for (int k = 2; !names.add(name); k++) {
                name = d.name() + "#" + k;
            }
            b.tenant(d.named(name), t.placement().slices());
        }
        return b.candidateClocksMhz(clocks).build();
    }

    /** @return the tenants, in the order given */
    public List<TenantDemand> tenants() {
        return tenants;
    }

    /** @return each tenant's MIG instance, in tenant order; a null element means the whole GPU */
    public List<MigInstance> instances() {
        return instances;
    }

    /** @return the SM clocks at which the profiles have every tenant's cell, in MHz, highest first */
    @Override
    public List<Integer> clocksMhz() {
        return clocks;
    }

    @Override
    public ServedWork serve() {
        int clock = gpu.smClockMhz();
        int n = tenants.size();
        List<long[]> busy = new ArrayList<>();
        List<ServedWork.Model> served = new ArrayList<>(n);
        long end = 0;
        for (int i = 0; i < n; i++) {
            TenantDemand t = tenants.get(i);
            ModelDemand w = t.demand();
            ProfilePoint p = profiles.get(i).point(w.batchSize(), t.placement().slices(), clock).orElseThrow(() ->
                    new IllegalArgumentException("Tenant " + t.placement() + " cannot be served at " + clock
                            + " MHz: its profile has no cell there; probe one of " + clocks + " MHz"));
            long interval = nanos(p.batchIntervalMs());
            long latency = nanos(p.latencyMs());
            boolean closed = w.arrival() instanceof Arrival.ClosedLoop;
            double[] arrival = arrivalsMs.get(i);
            int requests = arrival.length;
            int b = w.batchSize();
            long free = 0;
            long open = -1;
            long done = 0;
            double latencySumMs = 0;
            for (int first = 0; first < requests; first += b) {
                int last = Math.min(requests, first + b) - 1;
                long ready = closed ? free : nanos(arrival[last]);
                long start = Math.max(ready, free);
                if (open < 0) {
                    open = start;
                } else if (start > free) {
                    busy.add(new long[] {open, free, i});
                    open = start;
                }
                free = start + interval;
                long complete = start + latency;
                done = Math.max(done, complete);
                for (int r = first; r <= last; r++) {
                    latencySumMs += closed ? latency / 1e6 : complete / 1e6 - arrival[r];
                }
            }
            busy.add(new long[] {open, free, i});
            end = Math.max(end, Math.max(done, free));
            served.add(new ServedWork.Model(w.model(), requests, latencySumMs / requests,
                    OptionalDouble.of(ServingModel.sloMs(profiles.get(i), w)),
                    OptionalDouble.of(ServingModel.reference(profiles.get(i), w.batchSize()).latencyMs())));
        }
        run(busy, end);
        return new ServedWork(served);
    }

    /** Replays the busy periods on the GPU in time order: each instance draws its model's power while busy. */
    private void run(List<long[]> busy, long end) {
        List<long[]> events = new ArrayList<>(busy.size() * 2);
        for (long[] period : busy) {
            events.add(new long[] {period[0], 1, period[2]});
            events.add(new long[] {period[1], 0, period[2]});
        }
        // Stops before starts at the same instant, so an instance is never started while it runs.
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        long now = 0;
        RuntimeException failure = null;
        try {
            for (long[] e : events) {
                if (e[0] > now) {
                    gpu.elapse(Duration.ofNanos(e[0] - now));
                    now = e[0];
                }
                int i = (int) e[2];
                if (e[1] == 1) {
                    TenantDemand t = tenants.get(i);
                    gpu.startServing(instances.get(i), t.demand().model(), t.demand().batchSize());
                } else {
                    gpu.stopServing(instances.get(i));
                }
            }
            if (end > now) {
                gpu.elapse(Duration.ofNanos(end - now));
            }
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            for (MigInstance instance : instances) {
                try {
                    gpu.stopServing(instance);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    @Override
    public String toString() {
        // In words, e.g. "whisper:16:4 closed-loop × 800, gpt:1:3 closed-loop × 50": it goes into assumptions.
        return String.join(", ", tenants.stream().map(t -> t.placement() + " " + t.demand().arrival()
                + " × " + t.demand().requests()).toList());
    }
}
