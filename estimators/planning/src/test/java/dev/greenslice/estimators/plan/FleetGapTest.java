package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The carbon planner's optimality gap where it is used, on fleets above the exact limit: seeded random fleets over the
 * 11 measured models ({@link RandomFleets}), on gas and on wind, each plan against the proven lower bound of its
 * request: the LP bound by column generation up to 100 models, the area relaxation above. Every build plans 2 fleets of
 * 100 models; the distribution the README reports is measured with
 * {@code GREENSLICE_FLEET_GAP="100:200,1000:40"} in the environment (size:fleets, split evenly over gas and wind, seeds
 * 1..fleets, shifted by {@code GREENSLICE_FLEET_GAP_SEED}), printing the count, failures (no feasible plan, or a bound above the plan), mean, median, p90 and max.
 */
class FleetGapTest {

    @Test
    void fleetPlansAreCertifiedByTheirBound() {
        String spec = System.getenv().getOrDefault("GREENSLICE_FLEET_GAP", "100:2");
        long offset = Long.parseLong(System.getenv().getOrDefault("GREENSLICE_FLEET_GAP_SEED", "0"));
        for (String part : spec.split(",")) {
            String[] sf = part.trim().split(":");
            int models = Integer.parseInt(sf[0]);
            int fleets = Integer.parseInt(sf[1]);
            List<Double> gaps = new ArrayList<>();
            int failures = 0;
            for (int k = 1; k <= fleets; k++) {
                EnergySource source = k % 2 == 0 ? EnergySource.WIND : EnergySource.GAS;
                PlanningRequest r = RandomFleets.fleet(1_000_003L * (k + offset) + models, models, source);
                DeploymentPlan plan;
                PlanBound bound;
                try {
                    plan = PlannerPropertiesTest.PLANNERS.carbon().plan(r);
                    bound = PlannerPropertiesTest.PLANNERS.lowerBound(r);
                } catch (NoFeasiblePlanException e) {
                    failures++;
                    continue;
                }
                double total = plan.total().value().grams();
                assertTrue(bound.carbonGrams() <= total, () -> "bound " + bound + " above the plan's " + total + " g");
                String expected = models <= ColumnGenerationBound.CHUNK ? ColumnGenerationBound.METHOD
                        : "area-relaxation";
                assertTrue(bound.method().equals(expected), bound::toString);
                if (models > ColumnGenerationBound.CHUNK && models <= 1000 && System.getenv("GREENSLICE_FLEET_GAP") != null) {
                    // Chunked LP duals certified over the fleet: measured, not reported by lowerBound (weaker).
                    PlanBound chunked = ColumnGenerationBound.of(new PlanningProblem(r, EnerTuneA100.profiles(),
                            EnerTuneA100.devicePower(), PowerEstimators.best(EnerTuneA100.profiles(),
                            EnerTuneA100.devicePower())));
                    System.out.printf(Locale.ROOT, "%d models, fleet %d: chunked LP bound %s, gap %.3f %% (area %.3f %%)%n",
                            models, k, chunked, chunked == null ? Double.NaN : chunked.gapPercent(plan),
                            bound.gapPercent(plan));
                }
                gaps.add(bound.gapPercent(plan));
            }
            Collections.sort(gaps);
            int n = gaps.size();
            assertTrue(n > 0, "no fleet of " + models + " models could be planned");
            double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "fleets of %d models: %d of %d planned (%d failures), gap to the proven bound"
                            + " mean %.2f %%, median %.2f %%, p90 %.2f %%, max %.2f %%, min %.2f %%%n", models, n, fleets,
                    failures, mean, gaps.get(n / 2), gaps.get(Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)),
                    gaps.get(n - 1), gaps.get(0));
            // A regression guard at the measured worst case with room for other seeds, not the 2 % target.
            double guard = models <= ColumnGenerationBound.CHUNK ? 4 : 8;
            assertTrue(gaps.get(n - 1) < guard, () -> "gap " + gaps.get(n - 1) + " % on a fleet of " + models);
        }
    }
}
