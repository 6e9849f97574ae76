package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.SharingTradeoff;
import dev.greenslice.carbon.plan.SloCheck;
import dev.greenslice.carbon.plan.TenantDemand;
import dev.greenslice.carbon.tune.FrequencyTuner;
import dev.greenslice.carbon.tune.TuningRequest;
import dev.greenslice.carbon.tune.TuningResult;
import dev.greenslice.estimators.deployment.DeploymentEstimate;
import dev.greenslice.estimators.deployment.DeploymentModel;
import dev.greenslice.estimators.deployment.GpuDeployment;
import dev.greenslice.estimators.deployment.TenantEstimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the GPUs a search chose into a {@link DeploymentPlan}: a concrete layout on the real placement table
 * with a model per instance, each GPU's clock from the {@link FrequencyTuner} (or the highest common clock),
 * and every figure from {@link DeploymentModel}, so that plans of all planners are reported by one model.
 */
final class PlanAssembler {

    private final PlanningProblem problem;
    private final FrequencyTuner tuner;
    private final DeploymentModel model;
    private final Map<Integer, DeploymentEstimate> dedicated = new HashMap<>();

    PlanAssembler(PlanningProblem problem, FrequencyTuner tuner) {
        this.problem = problem;
        this.tuner = tuner;
        this.model = DeploymentModel.builder(problem.profiles, problem.device).estimator(problem.estimator)
                .intensity(problem.request.intensity()).embodied(problem.request.embodied())
                .accounting(problem.request.accounting()).start(problem.request.start()).gpuSlices(problem.gpuSlices)
                .build();
    }

    DeploymentPlan assemble(String planner, List<GroupChoice> chosen, List<Assumption> search) {
        List<GroupChoice> groups = new ArrayList<>(chosen);
        groups.sort(Comparator.comparingInt(g -> g.members[0]));
        List<PlannedGpu> gpus = new ArrayList<>();
        List<Assumption> assumptions = new ArrayList<>();
        assumptions.add(problem.gpuAssumption);
        assumptions.addAll(search);
        if (!problem.inferredMemory.isEmpty()) {
            assumptions.add(Assumption.of("memory need", "inferred",
                    "memory need of " + String.join(", ", problem.inferredMemory) + " inferred as the memory of the"
                            + " smallest MIG instance it was measured on (no memory_gb in the profiles or the workload)"));
        }
        assumptions.add(Assumption.of("instance speed", "by compute slices",
                "a model's profile at N slices stands for every N-slice MIG profile (1g.20gb runs as 1g.10gb);"
                        + " the whole GPU is the profile's " + problem.gpuSlices + "-slice cells"));
        for (GroupChoice g : groups) {
            gpus.add(gpu(gpus.size(), g, assumptions));
        }
        Optional<SharingTradeoff> sharing = Optional.empty();
        List<Integer> all = new ArrayList<>();
        for (PlanningProblem.Demand d : problem.demands) {
            all.add(d.index);
        }
        Optional<Alternative> alt = dedicatedAlternative(all);
        if (alt.isPresent()) {
            CarbonFigure op = CarbonFigure.ZERO;
            CarbonFigure emb = CarbonFigure.ZERO;
            double hours = 0;
            for (PlannedGpu p : gpus) {
                op = op.plus(p.operational());
                emb = emb.plus(p.embodied());
                hours += p.gpuHours();
            }
            sharing = Optional.of(SharingTradeoff.builder().dedicatedOperational(alt.get().operational)
                    .dedicatedEmbodied(alt.get().embodied).dedicatedGpuHours(alt.get().hours).operational(op)
                    .embodied(emb).gpuHours(hours).build());
        }
        return new DeploymentPlan(planner, problem.gpu, gpus, sharing, assumptions);
    }

    private PlannedGpu gpu(int index, GroupChoice g, List<Assumption> assumptions) {
        int n = g.members.length;
        List<TenantDemand> tenants = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            tenants.add(TenantDemand.of(g.sizes[k].demand.demand, g.sizes[k].slices));
        }
        int clock;
        String clockChoice;
        if (problem.request.tuneClocks()) {
            TuningResult r = tuner.tune(TuningRequest.of(problem.request, tenants));
            if (r.chosenClockMhz().isEmpty()) {
                throw new IllegalStateException("The " + tuner.name() + " tuner found no clock for GPU " + index
                        + " (" + tenants + "), though the planner's search did: " + r.reason().orElse(""));
            }
            clock = r.chosenClockMhz().getAsInt();
            clockChoice = "tuned for carbon by the " + tuner.name() + " FrequencyTuner among " + r.curve().size()
                    + " clocks (" + r.feasible().size() + " meet every SLO)";
        } else {
            clock = problem.clocks[g.clock];
            clockChoice = "highest clock all its models' profiles have (clock tuning off)";
        }
        boolean mig = !g.whole();
        MigLayout layout = mig ? problem.layouts.layout(g.multiset) : MigLayout.empty(problem.layoutGeometry);
        List<MigInstance> free = mig ? new ArrayList<>(layout.instances()) : List.of();
        List<TenantDemand> ts = tenants;
        DeploymentEstimate e = model.estimate(new GpuDeployment(clock, tenants));
        if (index == 0) {
            assumptions.addAll(e.assumptions());
        }
        List<PlannedModel> models = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            PlanningProblem.Size s = g.sizes[k];
            Optional<MigInstance> instance = Optional.empty();
            if (mig) {
                MigInstance i = free.stream().filter(x -> x.profile().equals(s.profile)).findFirst().orElseThrow();
                free.remove(i);
                instance = Optional.of(i);
            }
            models.add(planned(index, s, instance, e.tenants().get(k)));
        }
        Optional<SharingTradeoff> sharing = Optional.empty();
        if (n > 1) {
            List<Integer> ids = new ArrayList<>();
            for (int m : g.members) {
                ids.add(m);
            }
            sharing = dedicatedAlternative(ids).map(a -> SharingTradeoff.builder()
                    .dedicatedOperational(a.operational).dedicatedEmbodied(a.embodied)
                    .dedicatedGpuHours(a.hours).operational(e.operational()).embodied(e.embodied())
                    .gpuHours(e.gpuHours()).build());
        }
        return PlannedGpu.builder().index(index).migEnabled(mig).layout(layout).clockMhz(clock).models(models)
                .makespan(e.makespan()).energy(e.energy()).idleEnergy(e.idleEnergy())
                .operational(e.operational()).embodied(e.embodied()).sharing(sharing).clockChoice(clockChoice).build();
    }

    private PlannedModel planned(int gpu, PlanningProblem.Size s, Optional<MigInstance> instance, TenantEstimate t) {
        var f = t.serving();
        double hours = s.slices / (double) problem.gpuSlices * f.completion().toNanos() / 3.6e12;
        return PlannedModel.builder().demand(s.demand.demand).gpuIndex(gpu).instance(instance)
                .computeSlices(s.slices).memoryGb(s.memoryGb)
                .latency(new SloCheck(s.demand.name(), f.meanLatencyMs(), f.sloMs(), f.isolatedLatencyMs()))
                .completion(f.completion()).energy(t.energy()).operational(t.operational())
                .embodied(t.embodied()).gpuHours(hours).build();
    }

    private record Alternative(CarbonFigure operational, CarbonFigure embodied, double hours) {
    }

    /** One whole GPU (or its largest instance) per demand, each at its best clock; empty if one is infeasible. */
    private Optional<Alternative> dedicatedAlternative(List<Integer> demands) {
        CarbonFigure op = CarbonFigure.ZERO;
        CarbonFigure emb = CarbonFigure.ZERO;
        double hours = 0;
        for (int i : demands) {
            DeploymentEstimate e = dedicated.get(i);
            if (e == null) {
                GroupChoice g = problem.dedicated(problem.demands[i]);
                if (!g.feasible()) {
                    return Optional.empty();
                }
                e = model.estimate(new GpuDeployment(problem.clocks[g.clock], List.of(
                        TenantDemand.of(problem.demands[i].demand, g.sizes[0].slices))));
                dedicated.put(i, e);
            }
            op = op.plus(e.operational());
            emb = emb.plus(e.embodied());
            hours += e.gpuHours();
        }
        return Optional.of(new Alternative(op, emb, hours));
    }
}
