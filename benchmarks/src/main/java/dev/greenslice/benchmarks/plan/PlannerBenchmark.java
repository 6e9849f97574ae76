package dev.greenslice.benchmarks.plan;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.plan.MigPlanners;
import dev.greenslice.estimators.plan.PlanBound;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.tune.FrequencyTuners;
import dev.greenslice.estimators.workload.ServingModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The planner's speed targets on the embedded A100-80GB data: the exact planner on 8 models (target under
 * 1 s) and the carbon planner on a fleet of 1,000 models, which it plans with its heuristic (target under 5 s),
 * and the offline tuner on the study's pair. Each plan includes assembling it with {@code DeploymentModel} and
 * tuning every GPU's clock. Demands are random (seeded) EnerTune models, batch sizes, closed loop or Poisson at
 * 15–85 % load, kept only where a GPU of their own meets their SLO.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PlannerBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}; the fleets
 * cold: {@code java -jar benchmarks/target/benchmarks.jar 'PlannerBenchmark.carbonFleet' -bm ss -f 3 -wi 0 -i 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlannerBenchmark {

    private final MigPlanners planners = MigPlanners.embedded();
    private final FrequencyTuner tuner = FrequencyTuners.embedded();
    private PlanningRequest eight;
    private PlanningRequest eightSmall;
    private PlanningRequest thousand;
    private TuningRequest pair;

    @Setup(Level.Trial)
    public void setUp() {
        eight = request(demands(8, 8));
        // Eight small models at low load: every subset can share one GPU, so no subset is pruned as infeasible.
        String[] small = {"vgg11", "resnet50", "mobilenet_v3_large", "vgg11", "resnet152", "vgg19", "densenet161",
                "densenet169"};
        int[] batch = {8, 8, 8, 4, 4, 8, 4, 4};
        List<ModelDemand> s = new ArrayList<>();
        for (int i = 0; i < small.length; i++) {
            s.add(ModelDemand.poisson(small[i], batch[i], 20_000, 0.15 + 0.05 * i).named(small[i] + "#" + i));
        }
        eightSmall = request(s);
        thousand = request(demands(1000, 1000));
        pair = TuningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                        EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .tenant(ModelDemand.poisson("gpt", 1, 40, 0.5), 4)
                .tenant(ModelDemand.poisson("diffusion_256_256", 1, 83, 0.5), 3).build();
    }

    private static PlanningRequest request(List<ModelDemand> demands) {
        return PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, CarbonIntensities.of(EnergySource.GAS),
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).demands(demands).build();
    }

    private List<ModelDemand> demands(int n, long seed) {
        Random rnd = new Random(seed);
        List<String> models = EnerTuneA100.profiles().models();
        MigPlanner dedicated = planners.dedicated();
        List<ModelDemand> out = new ArrayList<>();
        while (out.size() < n) {
            String model = models.get(rnd.nextInt(models.size()));
            ModelProfile p = EnerTuneA100.profiles().profile(model);
            List<Integer> batches = new ArrayList<>(p.batchSizes());
            int batch = batches.get(rnd.nextInt(batches.size()));
            double peak = ServingModel.reference(p, batch).requestsPerSecond();
            boolean closed = rnd.nextInt(5) == 0;
            double load = 0.15 + 0.7 * rnd.nextDouble();
            long requests = Math.max(batch, Math.round((60 + 540 * rnd.nextDouble()) * peak * (closed ? 1 : load)));
            ModelDemand d = (closed ? ModelDemand.closedLoop(model, batch, requests)
                    : ModelDemand.poisson(model, batch, requests, load)).named(model + "#" + out.size());
            try {
                dedicated.plan(request(List.of(d)));
                out.add(d);
            } catch (NoFeasiblePlanException e) {
                // a demand no GPU can serve within its SLO: draw another
            }
        }
        return out;
    }

    @Benchmark
    public DeploymentPlan exactEightModels() {
        return planners.exact().plan(eight);
    }

    @Benchmark
    public DeploymentPlan exactEightSmallModels() {
        return planners.exact().plan(eightSmall);
    }

    @Benchmark
    public DeploymentPlan carbonThousandModels() {
        return planners.carbon().plan(thousand);
    }

    /** Fleets of 100, 1,000 and 10,000 models for the carbon planner and its proven lower bound. */
    @State(Scope.Benchmark)
    public static class Fleet {
        /** How many models the fleet has. */
        @Param({"100", "1000", "10000"})
        public int models;
        PlanningRequest request;

        /** Draws the fleet (seeded by its size). */
        @Setup(Level.Trial)
        public void setUp() {
            request = request(new PlannerBenchmark().demands(models, models));
        }
    }

    /**
     * The carbon plan of a fleet, as {@code greenslice plan} makes it: run single-shot in a fresh JVM
     * ({@code -bm ss -f 3 -wi 0 -i 1}), since users plan once. Targets: 1,000 models under 5 s, 10,000 under 30 s.
     *
     * @param fleet the fleet
     * @return the plan
     */
    @Benchmark
    public DeploymentPlan carbonFleet(Fleet fleet) {
        return planners.carbon().plan(fleet.request);
    }

    /**
     * The proven lower bound of a fleet's carbon ({@code plan} prints it beside every plan).
     *
     * @param fleet the fleet
     * @return the bound
     */
    @Benchmark
    public PlanBound lowerBoundFleet(Fleet fleet) {
        return planners.lowerBound(fleet.request);
    }

    @Benchmark
    public TuningResult tuneStudyPair() {
        return tuner.tune(pair);
    }
}
