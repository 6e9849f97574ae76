package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.embodied.EmbodiedCarbon;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.IntensitySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.estimators.power.AuxiliaryRule;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The proven lower bound: never above the exact optimum, equal to it where the plan is exact, and never above any
 * plan any planner makes, over random problems, intensities (fixed and varying), accountings, clock tuning and
 * power estimators.
 */
class PlanBoundTest {

    private static final MigPlanners SUMMED = MigPlanners.of(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
            PowerEstimators.decomposed(EnerTuneA100.profiles(), EnerTuneA100.devicePower(), AuxiliaryRule.SUMMED));
    private static final MigPlanners ADDITIVE = MigPlanners.of(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
            PowerEstimators.additive(EnerTuneA100.profiles(), EnerTuneA100.devicePower()));

    /** An intensity trace over a day in 15-minute steps from the default start, varying from 5 to 900 g/kWh. */
    static IntensitySource trace(long seed) {
        Random rnd = new Random(seed);
        StringBuilder csv = new StringBuilder("timestamp,carbon_intensity_g_per_kwh\n");
        Instant t = PlanningRequest.DEFAULT_START;
        for (int i = 0; i < 4 * 48; i++) {
            csv.append(t).append(',').append(String.format(Locale.ROOT, "%.1f", 5 + 895 * rnd.nextDouble()))
                    .append('\n');
            t = t.plusSeconds(900);
        }
        return CarbonIntensities.trace(new StringReader(csv.toString()), "random trace " + seed);
    }

    static PlanningRequest request(List<ModelDemand> demands, long seed, double gramsPerKwh, boolean tune,
                                   boolean share, boolean varying) {
        IntensitySource source = varying ? trace(seed)
                : CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(gramsPerKwh), "property test");
        return PlanningRequest.builder(GpuCatalog.A100_SXM4_80GB, source, EmbodiedCarbon.act(GpuCatalog.A100_SXM4_80GB))
                .demands(demands).tuneClocks(tune)
                .accounting(share ? EmbodiedAccounting.RESOURCE_SHARE : EmbodiedAccounting.WHOLE_DEVICE).build();
    }

    private static MigPlanners planners(int which) {
        return switch (which) {
            case 0 -> PlannerPropertiesTest.PLANNERS;
            case 1 -> SUMMED;
            default -> ADDITIVE;
        };
    }

    @Test
    void theRelaxationNeverExceedsTheExactOptimumAndTheExactBoundIsThePlan() {
        AtomicInteger compared = new AtomicInteger();
        AtomicInteger infeasible = new AtomicInteger();
        qt().withFixedSeed(20_261_207L).withExamples(120).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(1, 7), doubles().between(5, 900), integers().between(0, 15))
                .checkAssert((seed, n, intensity, flags) -> {
                    MigPlanners planners = planners(flags % 3);
                    PlanningRequest r = request(RandomDemands.draw(seed, n), seed, intensity, (flags & 4) == 0,
                            (flags & 8) != 0, flags % 5 == 0);
                    DeploymentPlan exact;
                    try {
                        exact = planners.exact().plan(r);
                    } catch (NoFeasiblePlanException e) {
                        infeasible.incrementAndGet();
                        return;
                    }
                    compared.incrementAndGet();
                    PlanningProblem p = new PlanningProblem(r, EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                            estimator(flags % 3));
                    double relaxed = LowerBound.relaxation(p).carbonGrams();
                    double total = exact.total().value().grams();
                    assertTrue(relaxed <= total, () -> "relaxation " + relaxed + " g above the exact optimum " + total
                            + " g\n" + exact);
                    PlanBound bound = planners.lowerBound(r);
                    assertEquals("exact", bound.method());
                    assertTrue(bound.carbonGrams() >= relaxed, "the exact bound is at least the relaxation");
                    assertEquals(total, bound.carbonGrams(), 1e-9 * total, "where the plan is exact the bound is it");
                    assertEquals(0, planners.carbon().plan(r).total().value().grams() - bound.carbonGrams(),
                            1e-9 * total);
                });
        System.out.printf(Locale.ROOT, "bound vs exact: %d compared, %d infeasible%n", compared.get(),
                infeasible.get());
        assertTrue(compared.get() >= 60, () -> "only " + compared.get() + " of 120 problems were feasible");
    }

    private static dev.greenslice.carbon.estimate.PowerEstimator estimator(int which) {
        return switch (which) {
            case 0 -> PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
            case 1 -> PowerEstimators.decomposed(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                    AuxiliaryRule.SUMMED);
            default -> PowerEstimators.additive(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
        };
    }

    @Test
    void theBoundIsBelowEveryPlanOfEveryPlannerOnFleets() {
        AtomicInteger compared = new AtomicInteger();
        qt().withFixedSeed(20_261_208L).withExamples(24).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(9, 40), doubles().between(5, 900), integers().between(0, 31))
                .checkAssert((seed, n, intensity, flags) -> {
                    boolean tune = (flags & 16) == 0;
                    MigPlanners planners = planners(flags % 3);
                    PlanningRequest r = RandomFleets.fleet(seed, n,
                            dev.greenslice.carbon.intensity.EnergySource.GAS).withIntensity(flags % 5 == 0 ? trace(seed)
                            : CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(intensity), "property test"))
                            .withTuneClocks(tune);
                    PlanBound bound = planners.lowerBound(r);
                    assertEquals(ColumnGenerationBound.METHOD, bound.method(), bound::toString);
                    for (MigPlanner planner : List.of(planners.carbon(), planners.heuristic(), planners.dedicated(),
                            planners.fixedSizing(), planners.utilization())) {
                        DeploymentPlan plan;
                        try {
                            plan = planner.plan(r);
                        } catch (NoFeasiblePlanException e) {
                            continue;
                        }
                        compared.incrementAndGet();
                        double total = plan.total().value().grams();
                        assertTrue(bound.carbonGrams() <= total, () -> planner.name() + " plan " + total
                                + " g below the bound " + bound);
                    }
                });
        assertTrue(compared.get() >= 48, () -> "only " + compared.get() + " plans compared");
    }
}
