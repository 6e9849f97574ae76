package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where sharing a GPU wins and where it loses: for model pairs, over Poisson load shares and energy sources,
 * the carbon of the pair on one GPU (the exact planner with a budget of one GPU: the best MIG layout and
 * clock) against a GPU per model (the dedicated planner, each clock tuned alike), with the margin in grams.
 * Every figure is {@code DeploymentModel}'s, driven by the profiles (by default the measured EnerTune A100-80GB
 * data behind the simulated A100).
 *
 * <p>The study's pairs ({@link #studyPairs()}) put text summarization (gpt), speech-to-text (whisper) and image
 * classification (resnet50) beside image generation at two output sizes (diffusion 256² and 1024²), each with
 * the request count the EnerTune scheduler inputs give it, so that the models run for comparable times.
 * Where a load makes an SLO unreachable for either side (above 100 % of peak the queue grows without bound),
 * both sides are planned with the SLOs waived and the point says so.
 *
 * <p>Immutable and thread-safe; {@link #run()} plans each point afresh.
 */
public final class SharingSweep {

    /**
     * A pair of models to share one GPU.
     *
     * @param first  the first model's demand (its arrival is replaced by the sweep's load)
     * @param second the second model's demand
     */
    public record Pair(ModelDemand first, ModelDemand second) {
        /**
         * Checks the components.
         *
         * @param first the first model's demand (its arrival is replaced by the sweep's load)
         * @param second the second model's demand
         * @throws IllegalArgumentException for a component outside its range (see above), naming it
         */
        public Pair {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
            if (first.name().equals(second.name())) {
                second = second.named(second.name() + "-2");
            }
        }

        /** @return {@code "first+second"} */
        public String name() {
            return first.name() + "+" + second.name();
        }
    }

    /** The load shares the study ran: 25 % to 125 % of peak. */
    public static final List<Double> STUDY_LOADS = List.of(0.25, 0.5, 0.75, 1.0, 1.25);

    private final MigPlanners planners;
    private final GpuModel gpu;
    private final List<Pair> pairs;
    private final List<Double> loads;
    private final List<EnergySource> sources;
    private final boolean tuneClocks;

    private SharingSweep(MigPlanners planners, GpuModel gpu, List<Pair> pairs, List<Double> loads,
                         List<EnergySource> sources, boolean tuneClocks) {
        this.planners = planners;
        this.gpu = gpu;
        this.pairs = List.copyOf(pairs);
        this.loads = List.copyOf(loads);
        this.sources = List.copyOf(sources);
        this.tuneClocks = tuneClocks;
        if (this.pairs.isEmpty() || this.loads.isEmpty() || this.sources.isEmpty()) {
            throw new IllegalArgumentException("A sharing sweep needs at least one pair, load share and energy source");
        }
        for (double l : this.loads) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("Load shares must be positive numbers, got " + l);
            }
        }
    }

    /**
     * The study's sweep on the embedded A100-80GB data: {@link #studyPairs()}, {@link #STUDY_LOADS}, every
     * {@link EnergySource} from coal to wind, clocks tuned.
     * @return the sweep
     */
    public static SharingSweep study() {
        return of(EnerTuneA100.profiles(), EnerTuneA100.devicePower(), GpuCatalog.byId(EnerTuneA100.GPU),
                studyPairs(), STUDY_LOADS, Arrays.asList(EnergySource.values()), true);
    }

    /**
     * A sweep over your own profiles, pairs, loads and sources.
     *
     * @param tuneClocks whether each GPU's clock is tuned for carbon (else: the highest common clock)
     * @throws IllegalArgumentException for empty lists or non-positive loads
     * @param profiles the models' profiles
     * @param device the GPU's baseline power per clock
     * @param gpu the GPU type
     * @param pairs the model pairs
     * @param loads Poisson load shares of peak
     * @param sources the energy sources
     * @return the sweep
     */
    public static SharingSweep of(ModelProfiles profiles, DevicePowerProfile device, GpuModel gpu, List<Pair> pairs,
                                  List<Double> loads, List<EnergySource> sources, boolean tuneClocks) {
        return new SharingSweep(MigPlanners.of(profiles, device), Objects.requireNonNull(gpu, "gpu"), pairs, loads,
                sources, tuneClocks);
    }

    /**
     * The study's kinds of pairs from the EnerTune data: text summarization (gpt, 40 requests), speech-to-text
     * (whisper, batch 16, 708 requests) and image classification (resnet50, batch 16, 250,380 requests) beside
     * image generation at 256² (83 requests) and 1024² (29 requests); request counts from EnerTune's
     * {@code scheduler_inputs.csv}.
     * @return the pairs
     */
    public static List<Pair> studyPairs() {
        ModelDemand gpt = ModelDemand.closedLoop("gpt", 1, 40);
        ModelDemand whisper = ModelDemand.closedLoop("whisper", 16, 708);
        ModelDemand resnet = ModelDemand.closedLoop("resnet50", 16, 250_380);
        ModelDemand small = ModelDemand.closedLoop("diffusion_256_256", 1, 83);
        ModelDemand large = ModelDemand.closedLoop("diffusion_1024_1024", 1, 29);
        return List.of(new Pair(gpt, small), new Pair(gpt, large), new Pair(whisper, small), new Pair(whisper, large),
                new Pair(resnet, small), new Pair(resnet, large), new Pair(gpt, whisper));
    }

    /** @return every point: pairs × loads × sources, in that order */
    public List<SweepPoint> run() {
        List<SweepPoint> out = new ArrayList<>();
        MigPlanner shared = planners.exact();
        MigPlanner dedicated = planners.dedicated();
        for (Pair p : pairs) {
            for (double load : loads) {
                for (EnergySource source : sources) {
                    out.add(point(p, load, source, shared, dedicated));
                }
            }
        }
        return out;
    }

    private SweepPoint point(Pair p, double load, EnergySource source, MigPlanner shared, MigPlanner dedicated) {
        List<ModelDemand> demands = List.of(p.first().withArrival(Arrival.poisson(load)),
                p.second().withArrival(Arrival.poisson(load)));
        PlanningRequest request = PlanningRequest.builder(gpu, CarbonIntensities.of(source), EmbodiedCarbon.act(gpu))
                .demands(demands).gpuBudget(1).tuneClocks(tuneClocks).build();
        PlanningRequest alone = request.withGpuBudget(java.util.OptionalInt.empty());
        String note = "";
        DeploymentPlan s;
        DeploymentPlan d;
        try {
            s = shared.plan(request);
            d = dedicated.plan(alone);
        } catch (NoFeasiblePlanException e) {
            note = e.getMessage();
            List<ModelDemand> waived = demands.stream().map(x -> x.withSloFactor(1e9)).toList();
            s = shared.plan(request.withDemands(waived));
            d = dedicated.plan(alone.withDemands(waived));
        }
        PlannedGpu g = s.gpus().get(0);
        return new SweepPoint(p.name(), load, source, s.operational().value().grams(), s.embodied().value().grams(),
                d.operational().value().grams(), d.embodied().value().grams(), g.describe(), g.clockMhz(),
                d.gpus().stream().map(PlannedGpu::clockMhz).toList(), note.isEmpty(), note);
    }
}
