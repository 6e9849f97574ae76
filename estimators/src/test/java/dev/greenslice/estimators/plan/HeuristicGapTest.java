package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The fleet heuristic against the exact optimum on random problems small enough for both (4–8 models): never
 * more than 2 % above it (and never below it, which would mean the exact planner is not exact).
 */
class HeuristicGapTest {

    private static final List<Double> GAPS = Collections.synchronizedList(new ArrayList<>());

    @Test
    void theHeuristicIsWithinTwoPercentOfTheExactOptimum() {
        qt().withFixedSeed(20_261_122L).withExamples(150).withShrinkCycles(0)
                .forAll(longs().all(), integers().between(4, 8), doubles().between(5, 900), booleans().all())
                .checkAssert((seed, n, intensity, tune) -> {
                    PlanningRequest r = PlannerPropertiesTest.request(RandomDemands.draw(seed, n), intensity, tune);
                    DeploymentPlan exact;
                    try {
                        exact = PlannerPropertiesTest.PLANNERS.exact().plan(r);
                    } catch (NoFeasiblePlanException e) {
                        return;
                    }
                    DeploymentPlan heuristic = PlannerPropertiesTest.PLANNERS.heuristic().plan(r);
                    PlannerPropertiesTest.assertValid(heuristic, r);
                    double e = exact.total().value().grams();
                    double h = heuristic.total().value().grams();
                    GAPS.add(h / e - 1);
                    assertTrue(h >= e * (1 - 1e-9), () -> "heuristic " + h + " g beats the exact optimum " + e + " g");
                    assertTrue(h <= e * 1.02, () -> "heuristic " + h + " g is " + (100 * (h / e - 1))
                            + " % above the exact " + e + " g\n" + exact + "\n" + heuristic);
                });
    }

    @AfterAll
    static void report() {
        List<Double> g = new ArrayList<>(GAPS);
        Collections.sort(g);
        assertTrue(g.size() >= 20, "compared " + g.size() + " feasible problems");
        double mean = g.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        long exact = g.stream().filter(x -> x < 1e-9).count();
        System.out.printf(java.util.Locale.ROOT, "heuristic vs exact on %d problems: mean gap %.3f %%, median %.3f %%,"
                        + " max %.3f %%, optimal in %d%n", g.size(), 100 * mean, 100 * g.get(g.size() / 2),
                100 * g.get(g.size() - 1), exact);
    }
}
