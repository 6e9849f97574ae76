package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.MigPlanner;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.tune.FrequencyTuners;
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
 * The fleet heuristic against the exact optimum on random problems small enough for both (4–8 models), with its
 * exact window re-partitioning kept below the whole problem (else a window holding every model makes the heuristic
 * the exact planner, and the test would compare the exact planner with itself): never below the optimum (which
 * would mean the exact planner is not exact), and within 10 % of it — with whole-problem windows off, 1,000 such
 * problems gave a worst case of 8.5 %. The fleet target (2 %) is measured against the proven bound at 100 and 1,000
 * models instead ({@code FleetGapTest}). Larger samples: {@code GREENSLICE_HEURISTIC_GAP_EXAMPLES} and
 * {@code GREENSLICE_HEURISTIC_GAP_SEED} in the environment.
 */
class HeuristicGapTest {

    private static final List<Double> GAPS = Collections.synchronizedList(new ArrayList<>());

    private static final MigPlanner HEURISTIC = new HeuristicPlanner(EnerTuneA100.profiles(),
            EnerTuneA100.devicePower(), PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower()),
            FrequencyTuners.offline(EnerTuneA100.profiles(), EnerTuneA100.devicePower(),
                    PowerEstimators.best(EnerTuneA100.profiles(), EnerTuneA100.devicePower())), false);

    @Test
    void theHeuristicWithoutWholeProblemWindowsIsWithinTenPercentOfTheExactOptimum() {
        qt().withFixedSeed(Long.parseLong(System.getenv().getOrDefault("GREENSLICE_HEURISTIC_GAP_SEED", "20261122")))
                .withExamples(Integer.parseInt(System.getenv().getOrDefault("GREENSLICE_HEURISTIC_GAP_EXAMPLES", "150")))
                .withShrinkCycles(0)
                .forAll(longs().all(), integers().between(4, 8), doubles().between(5, 900), booleans().all())
                .checkAssert((seed, n, intensity, tune) -> {
                    PlanningRequest r = PlannerPropertiesTest.request(RandomDemands.draw(seed, n), intensity, tune);
                    DeploymentPlan exact;
                    try {
                        exact = PlannerPropertiesTest.PLANNERS.exact().plan(r);
                    } catch (NoFeasiblePlanException e) {
                        return;
                    }
                    DeploymentPlan heuristic = HEURISTIC.plan(r);
                    PlannerPropertiesTest.assertValid(heuristic, r);
                    double e = exact.total().value().grams();
                    double h = heuristic.total().value().grams();
                    GAPS.add(h / e - 1);
                    assertTrue(h >= e * (1 - 1e-9), () -> "heuristic " + h + " g beats the exact optimum " + e + " g");
                    assertTrue(h <= e * 1.10, () -> "heuristic " + h + " g is " + (100 * (h / e - 1))
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
