package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.intensity.IntensityBasis;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.intensity.IntensityTrace;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planners search with a fast evaluator and report with {@link DeploymentModel}: both must agree, and
 * the per-GPU search must find what a brute force over the real placement table finds.
 */
class PlanningProblemTest {

    static final MigGeometry A100 = GpuCatalog.A100_SXM4_80GB.mig();

    static PlanningProblem problem(List<ModelDemand> demands, IntensitySource intensity, EmbodiedAccounting accounting,
                                   boolean tune) {
        PlanningRequest r = PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, intensity,
                EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB)).demands(demands).accounting(accounting)
                .tuneClocks(tune).build();
        return new PlanningProblem(r, EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                PowerEstimators.embedded());
    }

    static DeploymentModel model(PlanningProblem p) {
        return DeploymentModel.builder(EnerTuneA100.profiles(), EnerTuneA100.devicePower())
                .estimator(p.estimator).intensity(p.request.intensity()).embodied(p.request.embodied())
                .accounting(p.request.accounting()).start(p.request.start()).build();
    }

    /** A trace that alternates 150 and 600 gCO2e/kWh every 10 minutes for two days from the default start. */
    static IntensitySource trace() {
        TreeMap<Instant, CarbonIntensity> points = new TreeMap<>();
        for (int i = 0; i <= 288; i++) {
            points.put(PlanningRequest.DEFAULT_START.plusSeconds(600L * i),
                    CarbonIntensity.ofGramsPerKwh(i % 2 == 0 ? 150 : 600));
        }
        return IntensityTrace.of(points, IntensityBasis.LIFECYCLE, "test trace");
    }

    static final List<ModelDemand> MIX = List.of(
            ModelDemand.poisson("gpt", 1, 40, 0.5),
            ModelDemand.poisson("diffusion_256_256", 1, 83, 0.4),
            ModelDemand.closedLoop("whisper", 16, 700),
            ModelDemand.poisson("resnet50", 8, 20_000, 0.3),
            ModelDemand.poisson("vgg11", 4, 30_000, 0.6));

    @Test
    void fastEvaluatorAgreesWithDeploymentModel() {
        Random rnd = new Random(7);
        for (IntensitySource intensity : List.of(CarbonIntensities.of(EnergySource.GAS), trace())) {
            for (EmbodiedAccounting accounting : EmbodiedAccounting.values()) {
                PlanningProblem p = problem(MIX, intensity, accounting, true);
                DeploymentModel model = model(p);
                int checked = 0;
                for (int trial = 0; trial < 200 && checked < 40; trial++) {
                    int m = 1 + rnd.nextInt(3);
                    List<Integer> ids = new ArrayList<>(List.of(0, 1, 2, 3, 4));
                    java.util.Collections.shuffle(ids, rnd);
                    PlanningProblem.Size[] sizes = new PlanningProblem.Size[m];
                    long multiset = 0;
                    int slices = 0;
                    for (int k = 0; k < m; k++) {
                        PlanningProblem.Demand d = p.demands[ids.get(k)];
                        sizes[k] = d.sizes[rnd.nextInt(d.sizes.length)];
                        multiset += sizes[k].unit;
                        slices += sizes[k].slices;
                    }
                    boolean whole = m == 1 && sizes[0].whole();
                    if (!whole && (slices > 7 || !p.layouts.feasible(multiset)
                            || java.util.Arrays.stream(sizes).anyMatch(PlanningProblem.Size::whole))) {
                        continue;
                    }
                    long clocks = -1L;
                    for (PlanningProblem.Size s : sizes) {
                        clocks &= s.dataMask();
                    }
                    if (clocks == 0) {
                        continue;
                    }
                    int c = Long.numberOfTrailingZeros(clocks) + rnd.nextInt(64 - Long.numberOfLeadingZeros(clocks)
                            - Long.numberOfTrailingZeros(clocks));
                    if ((clocks & (1L << c)) == 0) {
                        continue;
                    }
                    PlanningProblem.Eval e = new PlanningProblem.Eval();
                    p.evaluate(sizes, m, c, e);
                    List<TenantDemand> tenants = new ArrayList<>();
                    for (PlanningProblem.Size s : sizes) {
                        tenants.add(TenantDemand.of(s.demand.demand, s.slices));
                    }
                    DeploymentEstimate truth = model.estimate(new GpuDeployment(p.clocks[c], tenants));
                    String what = tenants + " at " + p.clocks[c] + " MHz, " + intensity.description() + ", " + accounting;
                    assertEquals(truth.total().value().grams(), e.cost, 1e-9 * truth.total().value().grams(), what);
                    assertEquals(truth.energy().joules(), e.energyJ, 1e-9 * truth.energy().joules(), what);
                    assertEquals(truth.makespan().toNanos() / 1e9, e.makespanS, 1e-9, what);
                    assertTrue(p.lowerBound(sizes, c) <= e.cost, "the lower bound bounds: " + what);
                    checked++;
                }
                assertTrue(checked >= 30, "checked " + checked + " configurations");
            }
        }
    }

    /** Every valid layout with exactly one instance per model, every assignment, every clock: by DeploymentModel. */
    @Test
    void groupSearchFindsTheOptimumOverTheRealPlacementTable() {
        List<MigProfile> profiles = A100.profiles().stream().filter(x -> !x.mediaExtensions()).toList();
        List<MigLayout> layouts = MigLayouts.all(A100, profiles);
        int feasible = 0;
        for (List<Integer> members : List.of(List.of(0, 1), List.of(0, 2), List.of(1, 3, 4), List.of(0, 3, 4),
                List.of(2, 3), List.of(1, 2, 3))) {
            PlanningProblem p = problem(MIX, CarbonIntensities.of(EnergySource.GAS), EmbodiedAccounting.WHOLE_DEVICE,
                    true);
            DeploymentModel model = model(p);
            double best = Double.POSITIVE_INFINITY;
            String bestWhat = "";
            int m = members.size();
            for (MigLayout layout : layouts) {
                if (layout.instances().size() != m) {
                    continue;
                }
                for (List<Integer> perm : permutations(m)) {
                    List<TenantDemand> tenants = new ArrayList<>();
                    boolean ok = true;
                    for (int k = 0; k < m && ok; k++) {
                        PlanningProblem.Demand d = p.demands[members.get(k)];
                        MigInstance instance = layout.instances().get(perm.get(k));
                        ok = instance.profile().memoryGb() >= d.memoryNeedGb && d.profile.slices()
                                .contains(instance.computeSlices()) && d.profile.point(d.demand.batchSize(),
                                instance.computeSlices(), 1410).isPresent();
                        tenants.add(TenantDemand.of(d.demand, instance.computeSlices()));
                    }
                    if (!ok) {
                        continue;
                    }
                    for (int clock : EnerTuneA100.devicePower().clocksMhz()) {
                        boolean data = tenants.stream().allMatch(t -> EnerTuneA100.profiles().profile(t.demand().model())
                                .point(t.demand().batchSize(), t.computeSlices(), clock).isPresent());
                        if (!data) {
                            continue;
                        }
                        DeploymentEstimate e = model.estimate(new GpuDeployment(clock,
                                tenants));
                        if (e.meetsSlos() && e.total().value().grams() < best) {
                            best = e.total().value().grams();
                            bestWhat = layout + " " + tenants + " @ " + clock;
                        }
                    }
                }
            }
            GroupChoice g = p.optimize(members.stream().mapToInt(Integer::intValue).toArray());
            assertEquals(best < Double.POSITIVE_INFINITY, g.feasible(), "feasible: " + members + " " + bestWhat);
            if (g.feasible()) {
                assertEquals(best, g.cost, 1e-9 * best, "brute force found " + bestWhat + ", search " + g);
                feasible++;
            }
        }
        assertTrue(feasible >= 3, "at least three of the sets can share a GPU, got " + feasible);
    }

    static List<List<Integer>> permutations(int n) {
        List<List<Integer>> out = new ArrayList<>();
        permute(new ArrayList<>(), n, out);
        return out;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permute(prefix, n, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }
}
