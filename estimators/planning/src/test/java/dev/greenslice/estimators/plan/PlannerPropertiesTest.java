package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlannedGpu;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.PlanningRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Properties of the planners over random model sets, loads, intensities and clock tuning, all under the same
 * models of power, latency and carbon (the embedded EnerTune A100-80GB data).
 */
class PlannerPropertiesTest {

    static final MigPlanners PLANNERS = MigPlanners.embedded();
    private static final AtomicInteger COMPARED = new AtomicInteger();
    private static final AtomicInteger SHARED = new AtomicInteger();

    static PlanningRequest request(List<ModelDemand> demands, double gramsPerKwh, boolean tune) {
        return PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB,
                        CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(gramsPerKwh), "property test"),
                        EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .demands(demands).tuneClocks(tune).build();
    }

    /** Every structural promise of a plan: valid layouts, memory, SLOs, each demand once, budget. */
    static void assertValid(DeploymentPlan plan, PlanningRequest request) {
        Set<String> names = new HashSet<>();
        for (PlannedGpu g : plan.gpus()) {
            if (g.migEnabled()) {
                assertTrue(g.layout().problems().isEmpty(), () -> g.layout() + ": " + g.layout().problems());
                assertEquals(g.models().size(), g.layout().instances().size(), g::toString);
                for (var i : g.layout().instances()) {
                    assertTrue(i.profile().allows(i.placement()), () -> i + " off its profile's placements");
                }
            } else {
                assertEquals(1, g.models().size(), g::toString);
            }
            for (PlannedModel m : g.models()) {
                double need = m.demand().memoryNeedGb().orElse(
                        dev.greenslice.estimators.profile.EnerTuneA100.profiles().profile(m.demand().model())
                                .memoryNeedGb().getAsDouble());
                assertTrue(m.memoryGb() >= need, () -> m.name() + " needs " + need + " GB, has " + m.memoryGb());
                assertTrue(m.latency().met(), () -> m.name() + " misses its SLO: " + m.latency());
                assertTrue(names.add(m.name()), () -> m.name() + " planned twice");
            }
        }
        assertEquals(request.demands().size(), names.size(), "every demand planned");
        request.gpuBudget().ifPresent(b -> assertTrue(plan.gpuCount() <= b, "budget " + b));
    }

    @Test
    void theCarbonPlanIsNeverWorseThanAnyBaseline() {
        qt().withExamples(100).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(2, 5), doubles().between(5, 900), booleans().all())
                .checkAssert((seed, n, intensity, tune) -> {
                    PlanningRequest r = request(RandomDemands.draw(seed, n), intensity, tune);
                    DeploymentPlan carbon;
                    try {
                        carbon = PLANNERS.carbon().plan(r);
                    } catch (NoFeasiblePlanException e) {
                        for (MigPlanner b : PLANNERS.baselines()) {
                            assertThrows(NoFeasiblePlanException.class, () -> b.plan(r), b.name()
                                    + " found a plan where the carbon planner found none: " + e.getMessage());
                        }
                        return;
                    }
                    assertValid(carbon, r);
                    if (carbon.gpuCount() < n) {
                        SHARED.incrementAndGet();
                    }
                    for (MigPlanner b : PLANNERS.baselines()) {
                        DeploymentPlan base;
                        try {
                            base = b.plan(r);
                        } catch (NoFeasiblePlanException e) {
                            continue;
                        }
                        assertValid(base, r);
                        COMPARED.incrementAndGet();
                        double c = carbon.total().value().grams();
                        double x = base.total().value().grams();
                        assertTrue(c <= x * (1 + 1e-9), () -> "carbon plan " + c + " g is worse than " + b.name() + " "
                                + x + " g\n" + carbon + "\n" + base);
                    }
                });
    }

    @Test
    void lowerIntensityNeverMakesTheExactPlanUseMoreGpuHours() {
        qt().withExamples(80).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(2, 5), doubles().between(5, 900), doubles().between(0.05, 0.95))
                .checkAssert((seed, n, high, ratio) -> {
                    List<ModelDemand> demands = RandomDemands.draw(seed, n);
                    DeploymentPlan dirty;
                    try {
                        dirty = PLANNERS.exact().plan(request(demands, high, true));
                    } catch (NoFeasiblePlanException e) {
                        return;
                    }
                    DeploymentPlan clean = PLANNERS.exact().plan(request(demands, high * ratio, true));
                    assertTrue(clean.gpuHours() <= dirty.gpuHours() * (1 + 1e-9), () -> "at " + high * ratio
                            + " g/kWh the plan holds " + clean.gpuHours() + " GPU-hours, at " + high + " only "
                            + dirty.gpuHours() + "\n" + clean + "\n" + dirty);
                });
    }

    @Test
    void withABudgetThePlanStaysWithinItOrSaysWhyNot() {
        qt().withExamples(40).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(3, 6), integers().between(1, 3))
                .checkAssert((seed, n, budget) -> {
                    PlanningRequest r = PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB,
                                    CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(300), "property test"),
                                    EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                            .demands(RandomDemands.draw(seed, n)).gpuBudget(budget).build();
                    try {
                        assertValid(PLANNERS.exact().plan(r), r);
                    } catch (NoFeasiblePlanException e) {
                        assertTrue(e.getMessage().contains("budget") || e.getMessage().contains("SLO")
                                || e.getMessage().contains("needs"), e::getMessage);
                    }
                });
    }

    @AfterAll
    static void theGeneratorProducedComparisonsAndSharing() {
        assertTrue(COMPARED.get() > 20, "baselines compared " + COMPARED.get());
        assertTrue(SHARED.get() > 3, "plans that share a GPU " + SHARED.get());
    }
}
