package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.CarbonIntensity;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.power.AuxiliaryRule;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The LP bound by column generation is a lower bound: on random small problems it is at most the exact optimum, the
 * heuristic's plan and random feasible plans (random partitions into GPUs, each GPU at its best configuration); it is
 * at least the area relaxation it tightens; chunked duals certified over the whole problem stay below every plan too.
 */
class ColumnGenerationBoundTest {

    private static PowerEstimator estimator(int which) {
        return switch (which) {
            case 0 -> PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
            case 1 -> PowerEstimators.decomposed(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                    AuxiliaryRule.SUMMED);
            default -> PowerEstimators.additive(EnerTuneA100.profiles(), EnerTuneA100.devicePower());
        };
    }

    private static PlanningProblem problem(PlanningRequest r, int which) {
        return new PlanningProblem(r, EnerTuneA100.profiles(), EnerTuneA100.devicePower(), estimator(which));
    }

    /** A random feasible plan's carbon under the search's evaluator: a random partition, each GPU at its best. */
    static double randomPlan(PlanningProblem p, Random rnd) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < p.demands.length; k++) {
            order.add(k);
        }
        java.util.Collections.shuffle(order, rnd);
        double total = 0;
        int i = 0;
        while (i < order.size()) {
            int size = Math.min(order.size() - i, 1 + rnd.nextInt(4));
            int[] members = order.subList(i, i + size).stream().mapToInt(Integer::intValue).sorted().toArray();
            GroupChoice g = p.optimize(members);
            if (g.feasible()) {
                total += g.cost;
            } else {
                for (int m : members) {
                    GroupChoice alone = p.optimize(new int[]{m});
                    if (!alone.feasible()) {
                        return Double.NaN;
                    }
                    total += alone.cost;
                }
            }
            i += size;
        }
        return total;
    }

    @Test
    void theLpBoundIsBelowTheExactOptimumAndEveryPlanOnSmallProblems() {
        AtomicInteger compared = new AtomicInteger();
        AtomicInteger infeasible = new AtomicInteger();
        qt().withFixedSeed(20_261_209L).withExamples(80).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(1, 7), doubles().between(5, 900), integers().between(0, 15))
                .checkAssert((seed, n, intensity, flags) -> {
                    PlanningRequest r = PlanBoundTest.request(RandomDemands.draw(seed, n), seed, intensity,
                            (flags & 4) == 0, (flags & 8) != 0, flags % 5 == 0);
                    MigPlanners planners = MigPlanners.of(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                            estimator(flags % 3));
                    DeploymentPlan exact;
                    try {
                        exact = planners.exact().plan(r);
                    } catch (NoFeasiblePlanException e) {
                        infeasible.incrementAndGet();
                        return;
                    }
                    compared.incrementAndGet();
                    PlanningProblem p = problem(r, flags % 3);
                    PlanBound area = LowerBound.relaxation(p);
                    PlanBound lp = ColumnGenerationBound.of(p);
                    assertNotNull(lp, "the duals could not be certified");
                    double total = exact.total().value().grams();
                    assertTrue(lp.carbonGrams() <= total, () -> lp + " above the exact optimum " + total + " g");
                    assertTrue(lp.carbonGrams() >= area.carbonGrams() * (1 - 1e-6), () -> lp + " below the area "
                            + area);
                    double heuristic = planners.heuristic().plan(r).total().value().grams();
                    assertTrue(lp.carbonGrams() <= heuristic, () -> lp + " above the heuristic's " + heuristic);
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 5; i++) {
                        double random = randomPlan(p, rnd);
                        if (!Double.isNaN(random)) {
                            assertTrue(lp.carbonGrams() <= random * (1 + 1e-9), () -> lp + " above a random plan's "
                                    + random + " g");
                        }
                    }
                    // Where the plan is exact, the bound the planners report is the plan.
                    assertEquals(total, planners.lowerBound(r).carbonGrams(), 1e-9 * total);
                });
        System.out.printf(Locale.ROOT, "LP bound vs exact: %d compared, %d infeasible%n", compared.get(),
                infeasible.get());
        assertTrue(compared.get() >= 40, () -> "only " + compared.get() + " of 80 problems were feasible");
    }

    @Test
    void chunkedDualsCertifiedOverTheFleetStayBelowEveryPlan() {
        AtomicInteger compared = new AtomicInteger();
        qt().withFixedSeed(20_261_210L).withExamples(12).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(9, 30), doubles().between(5, 900), integers().between(0, 31))
                .checkAssert((seed, n, intensity, flags) -> {
                    PlanningRequest r = RandomFleets.fleet(seed, n, EnergySource.GAS)
                            .withIntensity(flags % 5 == 0 ? PlanBoundTest.trace(seed)
                                    : CarbonIntensities.fixed(CarbonIntensity.ofGramsPerKwh(intensity), "property"))
                            .withTuneClocks((flags & 16) == 0);
                    PlanningProblem p = problem(r, flags % 3);
                    PlanBound whole = ColumnGenerationBound.of(p);
                    PlanBound chunked = ColumnGenerationBound.of(problem(r, flags % 3), 4 + flags % 5);
                    assertNotNull(whole);
                    assertNotNull(chunked);
                    MigPlanners planners = MigPlanners.of(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                            estimator(flags % 3));
                    double heuristic = planners.heuristic().plan(r).total().value().grams();
                    Random rnd = new Random(seed);
                    double least = heuristic;
                    for (int i = 0; i < 5; i++) {
                        double random = randomPlan(p, rnd);
                        if (!Double.isNaN(random)) {
                            least = Math.min(least, random);
                        }
                    }
                    double floor = least;
                    compared.incrementAndGet();
                    assertTrue(whole.carbonGrams() <= floor, () -> whole + " above a plan of " + floor + " g");
                    assertTrue(chunked.carbonGrams() <= floor, () -> chunked + " above a plan of " + floor + " g");
                    // Chunks see fewer columns than the whole LP, whose optimum is the best such certificate.
                    assertTrue(chunked.carbonGrams() <= whole.carbonGrams() * (1 + 1e-6), () -> chunked + " above "
                            + whole);
                });
        assertEquals(12, compared.get());
    }
}
