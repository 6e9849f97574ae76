package dev.greenslice.samples.study;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.embodied.EmbodiedFootprint;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.estimators.plan.MigPlanners;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.sim.SimulatedGpu;
import dev.greenslice.estimators.tune.FrequencyTuners;
import dev.greenslice.estimators.workload.ServingForecast;
import dev.greenslice.estimators.workload.ServingModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The co-location study, end to end on the simulated A100 80GB driven by the measured EnerTune profiles:
 * for each model set, load and grid, the carbon of a GPU per model against sharing one GPU on MIG, the shared
 * GPU's carbon against its clock and the tuned clock, and the co-location power estimate against the naive
 * sum; plus one shared run metered on the simulated GPU.
 *
 * <p>Every figure is computed by the library: workloads and latency by
 * {@link ServingModel}, a GPU's energy and carbon by {@link DeploymentModel} (with the
 * {@linkplain PowerEstimators#best best power estimator}, the IPCC intensity of each energy source, and ACT
 * embodied carbon of the whole GPU over its run), MIG layouts from the GPU's real placement table
 * ({@link MigLayouts}).
 *
 * <p>Thread-safe: {@link #run} may be called from several threads. It fails with
 * {@link IllegalArgumentException} naming the model, batch size or cell a model set needs and the data lack.
 */
public final class CoLocationStudy {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final ModelProfiles profiles;
    private final DevicePowerProfile device;
    private final GpuModel gpu;
    private final MigGeometry geometry;
    private final EmbodiedCarbon embodied;
    private final PowerEstimator estimator;
    private final Clock clock;
    private final MigPlanners planners;
    private final FrequencyTuner tuner;

    private CoLocationStudy(Clock clock) {
        this.profiles = EnerTuneA100.profiles();
        this.device = EnerTuneA100.devicePower();
        this.gpu = GpuCatalog.byId(EnerTuneA100.GPU);
        this.geometry = gpu.migGeometry().orElseThrow();
        this.embodied = EmbodiedCarbon.act(gpu);
        // One estimator for every deployment model: it caches each (placement, clock) decomposition.
        this.estimator = PowerEstimators.best(profiles, device);
        this.clock = clock;
        this.planners = MigPlanners.of(profiles, device, estimator);
        this.tuner = FrequencyTuners.offline(profiles, device, estimator);
    }

    /**
     * The study on the embedded default: the simulated A100 80GB PCIe (the GPU the EnerTune data were measured on) and that data, timed on the system clock.
     *
     * @return the study
     */
    public static CoLocationStudy embedded() {
        return new CoLocationStudy(Clock.system());
    }

    /**
     * Runs the study over {@code grid}.
     *
     * @param grid     the model sets, loads and energy sources to cross
     * @param progress receives one line per step, e.g. for a terminal
     * @return every scenario's figures, with provenance and assumptions
     * @throws IllegalArgumentException naming a model or cell that a model set needs and the data lack
     */
    public StudyResults run(StudyGrid grid, Consumer<String> progress) {
        long t0 = clock.monotonicNanos();
        grid.modelSets().forEach(this::check);
        Map<EnergySource, DeploymentModel> models = new EnumMap<>(EnergySource.class);
        for (EnergySource s : grid.sources()) {
            models.put(s, DeploymentModel.builder(profiles, device).estimator(estimator)
                    .intensity(CarbonIntensities.of(s)).embodied(embodied).start(START).build());
        }
        int cells = grid.modelSets().size() * grid.loads().size() * grid.sources().size();
        progress.accept(String.format(Locale.ROOT, "co-location grid: %d model sets x %d loads x %d energy sources = %d"
                + " scenarios, each dedicated vs shared and %d clocks", grid.modelSets().size(), grid.loads().size(),
                grid.sources().size(), cells, device.clocksMhz().size()));
        record Cell(ModelSet set, LoadPoint load) {
        }
        List<Cell> work = new ArrayList<>();
        for (ModelSet set : grid.modelSets()) {
            for (LoadPoint load : grid.loads()) {
                work.add(new Cell(set, load));
            }
        }
        List<List<Scenario>> computed = work.parallelStream()
                .map(c -> scenarios(c.set(), c.load(), grid, models)).toList();
        List<Scenario> scenarios = computed.stream().flatMap(List::stream).toList();
        progress.accept(String.format(Locale.ROOT, "  %d scenarios computed in %.1f s", scenarios.size(),
                (clock.monotonicNanos() - t0) / 1e9));

        progress.accept("co-location power estimate against the naive sum, " + grid.modelSets().size() + " model sets x "
                + device.clocksMhz().size() + " clocks");
        List<PowerComparison> power = grid.modelSets().stream().map(this::power).toList();

        ModelSet meteredSet = grid.modelSets().get(0);
        progress.accept("metering a shared run of " + meteredSet.name() + " on the simulated A100 (CarbonMeter over"
                + " GpuDeviceSensor, simulated time)");
        MeteredRun metered = meter(meteredSet, grid, EnergySource.GAS);

        List<Assumption> assumptions = assumptions(grid, scenarios);
        String readme = EnerTuneA100.readme().lines().limit(6).collect(Collectors.joining("\n")).trim();
        return new StudyResults(grid, gpu.id(), EnerTuneA100.PROVENANCE, readme, embodied.footprint(),
                embodied.lifetime(), scenarios, power, metered, Optional.empty(), assumptions,
                Duration.ofNanos(clock.monotonicNanos() - t0));
    }

    /** Fails naming the model and what it lacks unless it can run dedicated and at the study's fixed sizing. */
    private void check(ModelSet set) {
        List<Integer> sizes = fixedSizing(set.members().size());
        int maxClock = device.maxClockMhz();
        for (ModelSet.Member m : set.members()) {
            ModelProfile p = profiles.profile(m.model());
            if (!p.batchSizes().contains(m.batchSize())) {
                throw new IllegalArgumentException("Model set " + set.name() + ": " + m.model() + " has no batch size "
                        + m.batchSize() + " in " + profiles.source() + "; it has " + p.batchSizes());
            }
            for (int slices : java.util.stream.Stream.concat(java.util.stream.Stream.of(7), sizes.stream()).distinct().toList()) {
                if (p.point(m.batchSize(), slices, maxClock).isEmpty()) {
                    throw new IllegalArgumentException("Model set " + set.name() + ": " + m.model() + " at batch "
                            + m.batchSize() + " has no measurement on " + slices + " slices at " + maxClock
                            + " MHz; choose a batch size measured on every instance size the study uses (7 and "
                            + sizes + ")");
                }
            }
        }
    }

    /** The clocks at which every member of the shared deployment has a measurement on its instance. */
    private List<Integer> sharedClocks(GpuDeployment shared) {
        return device.clocksMhz().stream().filter(c -> shared.tenants().stream().allMatch(t -> profiles
                .profile(t.placement().model()).point(t.placement().batchSize(), t.placement().slices(), c).isPresent()))
                .toList();
    }

    private List<Scenario> scenarios(ModelSet set, LoadPoint load, StudyGrid grid, Map<EnergySource, DeploymentModel> models) {
        List<ModelDemand> workloads = set.members().stream().map(m -> workload(m, load, grid)).toList();
        int maxClock = device.maxClockMhz();
        List<GpuDeployment> dedicated = workloads.stream().map(w -> GpuDeployment.of(maxClock, TenantDemand.of(w, 7))).toList();
        List<String> dedicatedLayouts = set.members().stream().map(m -> "7g.80gb (whole GPU) " + m.model()).toList();
        SharedLayout layout = sharedLayout(set);
        List<TenantDemand> tenants = new ArrayList<>();
        for (int i = 0; i < set.members().size(); i++) {
            tenants.add(TenantDemand.of(workloads.get(layout.memberOf(i)), layout.instances().get(i).computeSlices()));
        }
        GpuDeployment shared = new GpuDeployment(maxClock, tenants);
        List<Scenario> out = new ArrayList<>();
        for (EnergySource source : grid.sources()) {
            DeploymentModel model = models.get(source);
            List<Configuration.Gpu> ded = new ArrayList<>();
            for (int i = 0; i < dedicated.size(); i++) {
                ded.add(new Configuration.Gpu(dedicatedLayouts.get(i), model.estimate(dedicated.get(i))));
            }
            IntensitySource intensity = CarbonIntensities.of(source);
            TuningRequest tuning = TuningRequest.builder(gpu, intensity, embodied).start(START)
                    .tenants(tenants.stream().toList()).build();
            TuningResult tuned = tuner.tune(tuning);
            ClockCurve curve = new ClockCurve(tuned.curve().stream().map(p -> new ClockCurve.Point(p.clockMhz(),
                    p.energy(), p.operational(), p.embodied(), p.meetsSlos())).toList(), tuned.chosenClockMhz());
            String name = "shared " + layout.sizes();
            Configuration sharedFull = new Configuration(name, List.of(new Configuration.Gpu(layout.describe(set),
                    model.estimate(shared))));
            Optional<Configuration> tunedConf = curve.best().map(p -> new Configuration(name + " at " + p.clockMhz()
                    + " MHz", List.of(new Configuration.Gpu(layout.describe(set), model.estimate(shared.atClock(p.clockMhz()))))));
            PlanningRequest request = PlanningRequest.builder(gpu, intensity, embodied).start(START).tuneClocks(false)
                    .demands(workloads).build();
            List<PlanOutcome> plans = new ArrayList<>();
            plans.add(plan(planners.carbon(), request.withTuneClocks(true)));
            plans.add(plan(planners.carbon(), request));
            for (MigPlanner baseline : planners.baselines()) {
                plans.add(plan(baseline, request));
            }
            out.add(new Scenario(set, load, source, new Configuration("dedicated (one GPU per model)", ded), sharedFull,
                    curve, tunedConf, plans));
        }
        return out;
    }

    private static PlanOutcome plan(MigPlanner planner, PlanningRequest request) {
        try {
            return new PlanOutcome(planner.name(), request.tuneClocks(), Optional.of(planner.plan(request)), Optional.empty());
        } catch (NoFeasiblePlanException e) {
            return new PlanOutcome(planner.name(), request.tuneClocks(), Optional.empty(),
                    Optional.of(String.join("; ", e.reasons())));
        }
    }

    /** The workload of one member: {@code peakHours} of its reference peak throughput, at the load's arrival. */
    ModelDemand workload(ModelSet.Member m, LoadPoint load, StudyGrid grid) {
        ModelProfile p = profiles.profile(m.model());
        double peakRps = ServingModel.reference(p, m.batchSize()).requestsPerSecond();
        long requests = Math.max(1, Math.round(peakRps * grid.peakHours() * 3600));
        return ModelDemand.builder().name(m.model()).model(m.model()).batchSize(m.batchSize())
                .requests(requests).arrival(load.arrival()).sloFactor(grid.sloFactor())
                .sloMs(OptionalDouble.empty()).memoryNeedGb(OptionalDouble.empty()).build();
    }

    /** The study's fixed sizing: two models 4/7 + 3/7, three models 3/7 + 2/7 + 2/7. */
    static List<Integer> fixedSizing(int models) {
        return models == 2 ? List.of(4, 3) : List.of(3, 2, 2);
    }

    /**
     * The shared GPU's layout at the study's fixed sizing. The largest instance goes to the "larger" model:
     * the one needing more memory, then the one drawing more dynamic power alone on the whole GPU at the
     * highest clock (the heavier compute).
     *
     * @param instances the layout's instances, largest first
     * @param order     for instance {@code i}, the index of its member in the set
     */
    record SharedLayout(MigLayout layout, List<MigInstance> instances, List<Integer> order) {

        int memberOf(int instance) {
            return order.get(instance);
        }

        String sizes() {
            return instances.stream().map(i -> i.computeSlices() + "g").collect(Collectors.joining("+"));
        }

        String describe(ModelSet set) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                parts.add(instances.get(i) + " " + set.members().get(order.get(i)).model());
            }
            return String.join(", ", parts);
        }
    }

    SharedLayout sharedLayout(ModelSet set) {
        List<Integer> sizes = fixedSizing(set.members().size());
        MigLayout layout = MigLayouts.all(geometry, geometry.baseProfiles()).stream()
                .filter(l -> l.instances().stream().map(MigInstance::computeSlices)
                        .sorted(Comparator.reverseOrder()).toList().equals(sizes))
                .findFirst().orElseThrow(() -> new IllegalStateException("No valid " + sizes + " layout on " + gpu.id()));
        List<MigInstance> instances = layout.instances().stream()
                .sorted(Comparator.comparingInt(MigInstance::computeSlices).reversed()
                        .thenComparing(Comparator.naturalOrder())).toList();
        int maxClock = device.maxClockMhz();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < set.members().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -memoryNeed(set.members().get(i)))
                .thenComparingDouble(i -> -profiles.profile(set.members().get(i).model())
                        .require(set.members().get(i).batchSize(), 7, maxClock).dynamicPower().watts()));
        return new SharedLayout(layout, instances, List.copyOf(order));
    }

    private double memoryNeed(ModelSet.Member m) {
        return profiles.profile(m.model()).memoryNeedGb().orElse(0);
    }

    private PowerComparison power(ModelSet set) {
        SharedLayout layout = sharedLayout(set);
        List<ModelPlacement> placements = new ArrayList<>();
        for (int i = 0; i < layout.instances().size(); i++) {
            ModelSet.Member m = set.members().get(layout.memberOf(i));
            placements.add(new ModelPlacement(m.model(), m.batchSize(), layout.instances().get(i).computeSlices()));
        }
        PowerEstimator additive = PowerEstimators.additive(profiles, device);
        PowerEstimator summed = PowerEstimators.byMethod("decomposed-summed-auxiliary", profiles, device);
        List<PowerComparison.Row> rows = new ArrayList<>();
        GpuDeployment probe = new GpuDeployment(device.maxClockMhz(), placements.stream()
                .map(pl -> TenantDemand.of(ModelDemand.closedLoop(pl.model(), pl.batchSize(), 1), pl.slices())).toList());
        for (int c : sharedClocks(probe)) {
            rows.add(new PowerComparison.Row(c, additive.estimate(c, placements).total().watts(),
                    summed.estimate(c, placements).total().watts(), estimator.estimate(c, placements).total().watts()));
        }
        return new PowerComparison(set, placements, rows);
    }

    /**
     * Runs the set shared, closed loop at the highest clock, on the simulated A100 in simulated time, metered
     * by a {@link CarbonMeter} over a {@link GpuDeviceSensor}: each model serves until the deployment model says
     * it completes, then stops.
     */
    private MeteredRun meter(ModelSet set, StudyGrid grid, EnergySource source) {
        SharedLayout layout = sharedLayout(set);
        int clockMhz = device.maxClockMhz();
        List<TenantDemand> tenants = new ArrayList<>();
        for (int i = 0; i < layout.instances().size(); i++) {
            ModelSet.Member m = set.members().get(layout.memberOf(i));
            tenants.add(TenantDemand.of(workload(m, LoadPoint.closedLoop(), grid), layout.instances().get(i).computeSlices()));
        }
        DeploymentEstimate predicted = DeploymentModel.builder(profiles, device).estimator(estimator)
                .intensity(CarbonIntensities.of(source)).embodied(embodied).start(START).build()
                .estimate(new GpuDeployment(clockMhz, tenants));
        MockClock simulated = new MockClock(START);
        CarbonReport report;
        try (SimulatedGpu sim = SimulatedGpu.builder().profiles(profiles).devicePower(device).clock(simulated).build()) {
            sim.applyMigLayout(layout.layout(), false);
            sim.lockSmClock(clockMhz, clockMhz);
            try (CarbonMeter meter = CarbonMeter.builder().sensor(GpuDeviceSensor.builder(List.of(sim)).open()).clock(simulated)
                    .synchronous().intensity(CarbonIntensities.of(source)).embodied(embodied).build()) {
                Measurement window = meter.start(set.name() + " shared, closed loop");
                List<Integer> byCompletion = new ArrayList<>();
                for (int i = 0; i < tenants.size(); i++) {
                    TenantDemand t = tenants.get(i);
                    sim.startServing(layout.instances().get(i), t.demand().model(), t.demand().batchSize());
                    byCompletion.add(i);
                }
                List<ServingForecast> serving = predicted.tenants().stream().map(t -> t.serving()).toList();
                byCompletion.sort(Comparator.comparing(i -> serving.get(i).completion()));
                Duration elapsed = Duration.ZERO;
                for (int i : byCompletion) {
                    Duration done = serving.get(i).completion();
                    sim.elapse(done.minus(elapsed));
                    elapsed = done;
                    sim.stopServing(layout.instances().get(i));
                }
                window.close();
                report = window.report();
            }
        }
        return new MeteredRun(set, layout.describe(set), clockMhz, source, report, predicted);
    }

    private List<Assumption> assumptions(StudyGrid grid, List<Scenario> scenarios) {
        List<Assumption> list = new ArrayList<>();
        list.add(Assumption.of("data", EnerTuneA100.PROVENANCE, "embedded data set README"));
        list.add(Assumption.of("GPU", gpu.id() + ", simulated from the measured isolated profiles",
                "dev.greenslice.estimators.sim.SimulatedGpu; DeploymentModel"));
        for (EnergySource s : grid.sources()) {
            list.add(Assumption.of("intensity " + s.cliName(), s.factor().toString(), s.factor().source()));
        }
        EmbodiedFootprint f = embodied.footprint();
        list.add(Assumption.of("embodied footprint", f.carbon() + " per " + f.device(), f.model() + ", parameter set "
                + f.parameterSet() + "; boundary: " + f.boundary()));
        list.addAll(f.parameters());
        list.add(Assumption.of("embodied accounting", "whole GPU for its whole run (customer-based), per GPU held",
                "co-location study; DeploymentModel WHOLE_DEVICE"));
        list.add(Assumption.of("SLO", String.format(Locale.ROOT, "mean latency <= %.1f x the isolated latency (the model"
                + " alone on its largest measured instance at the highest clock)", grid.sloFactor()), "co-location study"));
        list.add(Assumption.of("workload", String.format(Locale.ROOT, "%.2f h of each model's reference peak throughput"
                + " (requests = hours x 3600 x peak requests/s)", grid.peakHours()), "this study"));
        list.add(Assumption.of("queueing", "closed loop: each request waits for its batch only; Poisson: batches of b"
                + " requests served FIFO, E_b/D/1 mean wait by Kingman's approximation with the Kraemer-Langenbach-Belz"
                + " correction (M/D/1 for b = 1), a fluid queue at or above 100% utilisation",
                "dev.greenslice.estimators.workload.ServingModel"));
        list.add(Assumption.of("dedicated", "one GPU per model on its 7g.80gb instance (the whole GPU) at the highest"
                + " clock, " + device.maxClockMhz() + " MHz", "co-location study baseline"));
        list.add(Assumption.of("shared", "the study's fixed sizing: two models 4g+3g, three 3g+2g+2g; the larger"
                + " instance to the model needing more memory, then drawing more power alone", "co-location study"));
        list.add(Assumption.of("tuned clock", "the lowest-carbon clock, among those every co-located model's profile"
                + " has, at which every model meets its SLO; one clock for all instances of a GPU",
                tuner.name() + " FrequencyTuner (dev.greenslice.estimators.tune.FrequencyTuners)"));
        list.add(Assumption.of("planners", "carbon planner (exact over set partitions, valid layouts and clocks) with"
                + " and without clock tuning; baselines dedicated, fixed-sizing and utilization-first at the highest"
                + " clock; all on the same request and the same models of power, latency and carbon",
                "dev.greenslice.estimators.plan.MigPlanners"));
        // The deployment model's own assumptions, less the rows that describe one scenario only (its grid, its
        // embodied share) and those already above.
        java.util.Set<String> named = new java.util.HashSet<>();
        list.forEach(a -> named.add(a.name()));
        for (Assumption a : scenarios.get(0).shared().gpus().get(0).estimate().assumptions()) {
            if (!a.name().equals("intensity") && !a.name().equals("embodied") && named.add(a.name())) {
                list.add(a);
            }
        }
        list.add(Assumption.of("co-located power", "not measured: the data set holds isolated runs only; the"
                + " estimator's co-location rule is the library's, not a measurement", EnerTuneA100.PROVENANCE));
        return list;
    }
}
