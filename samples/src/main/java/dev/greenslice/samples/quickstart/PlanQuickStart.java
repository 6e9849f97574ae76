package dev.greenslice.samples.quickstart;

import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.plan.MigPlanners;

/**
 * The README's plan quick start, compiled by the build so that it never drifts from the API: which of three
 * models share an A100-80GB, on which MIG instances and at which clock, for the least carbon on a gas grid.
 */
public final class PlanQuickStart {

    private PlanQuickStart() {
    }

    /**
     * Runs the quick start, which prints what it found.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run();
    }

    /** @return the carbon planner's plan for whisper, gpt and resnet50 on the embedded A100 profiles */
    public static DeploymentPlan run() {
        PlanningRequest request = PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB,
                        CarbonIntensities.of(EnergySource.GAS),
                        EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))   // ACT, 5-year lifetime
                .demand(ModelDemand.closedLoop("whisper", 16, 8_000))   // model, batch size, requests
                .demand(ModelDemand.poisson("gpt", 1, 2_000, 0.5))      // Poisson arrivals at 50% of its peak
                .demand(ModelDemand.closedLoop("resnet50", 8, 200_000).withSloMs(40))
                .build();                                               // SLO default: 5x isolated latency
        DeploymentPlan plan = MigPlanners.embedded().carbon().plan(request);
        System.out.println(plan);                  // GPUs, layouts, clocks, per-model latency and carbon
        plan.sharing().ifPresent(s -> System.out.println(s.explanation()));   // why share: embodied vs operational
        return plan;
    }
}
