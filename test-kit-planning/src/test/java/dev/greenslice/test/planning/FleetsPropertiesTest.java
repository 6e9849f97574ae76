package dev.greenslice.test.planning;

import dev.greenslice.carbon.plan.Arrival;
import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.NoFeasiblePlanException;
import dev.greenslice.carbon.plan.PlannedModel;
import dev.greenslice.carbon.plan.PlanningRequest;
import dev.greenslice.estimators.plan.MigPlanners;
import dev.greenslice.estimators.profile.EnerTuneA100;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The planning generators make what they say (measured models at measured batch sizes, the stated arrivals and SLO
 * factors), their servability filter is not vacuous, and every generated fleet plans with every planner of
 * {@link MigPlanners} without error, each demand placed exactly once (the fixed-sizing baseline excepted: it sizes
 * instances by rule, not by SLO, and may find no plan).
 */
class FleetsPropertiesTest {

    private static final MigPlanners PLANNERS = MigPlanners.embedded();

    @Test
    void demandsAreOfMeasuredModelsAtMeasuredBatchSizes() {
        assertEquals(11, ModelDemands.models().size());
        qt().withExamples(500).forAll(ModelDemands.measured()).check(d -> {
            Arrival a = d.arrival();
            boolean arrivalOk = a instanceof Arrival.ClosedLoop
                    || a instanceof Arrival.Poisson p && p.loadShare() >= 0.15 && p.loadShare() <= 0.85;
            return ModelDemands.models().contains(d.model())
                    && EnerTuneA100.profiles().profile(d.model()).batchSizes().contains(d.batchSize())
                    && ModelDemands.SLO_FACTORS.contains(d.sloFactor()) && arrivalOk && d.requests() >= d.batchSize();
        });
    }

    @Test
    void theGeneratorsReachEveryModelArrivalAndSloFactor() {
        Set<String> models = new TreeSet<>();
        Set<Double> factors = new HashSet<>();
        Set<Class<?>> arrivals = new HashSet<>();
        qt().withExamples(2000).forAll(ModelDemands.measured()).check(d -> {
            models.add(d.model());
            factors.add(d.sloFactor());
            arrivals.add(d.arrival().getClass());
            return true;
        });
        assertEquals(new TreeSet<>(ModelDemands.models()), models);
        assertEquals(Set.copyOf(ModelDemands.SLO_FACTORS), factors);
        assertEquals(2, arrivals.size());
    }

    @Test
    void theServableFilterRejectsSomeDemandsAndKeepsMost() {
        int n = 400;
        int[] servable = {0};
        qt().withExamples(n).forAll(ModelDemands.measured()).check(d -> {
            if (ModelDemands.servableAlone(d)) {
                servable[0]++;
            }
            return true;
        });
        assertTrue(servable[0] < n, "every one of " + n + " draws was servable: the filter tests nothing");
        assertTrue(servable[0] * 2 > n, "only " + servable[0] + " of " + n + " draws were servable");
        System.out.println("servable alone: " + servable[0] + " of " + n + " draws");
        qt().withExamples(100).forAll(ModelDemands.servable()).check(ModelDemands::servableAlone);
    }

    @Test
    void everyGeneratedFleetPlansWithEveryPlanner() {
        int[] fixedSizingInfeasible = {0};
        int n = 30;
        qt().withExamples(n).forAll(Fleets.requests(5)).check(r -> {
            for (String name : MigPlanners.NAMES) {
                DeploymentPlan plan;
                try {
                    plan = PLANNERS.byName(name).plan(r);
                } catch (NoFeasiblePlanException e) {
                    // The fixed-sizing baseline gives each model a size by rule, not by its SLO: it may find none.
                    if (name.equals("fixed-sizing")) {
                        fixedSizingInfeasible[0]++;
                        continue;
                    }
                    throw e;
                }
                List<String> placed = plan.models().stream().map(PlannedModel::name).sorted().toList();
                List<String> asked = r.demands().stream().map(ModelDemand::name).sorted().toList();
                if (!placed.equals(asked)) {
                    throw new AssertionError(name + " placed " + placed + " for " + asked);
                }
            }
            return true;
        });
        System.out.println("fixed-sizing found no plan for " + fixedSizingInfeasible[0] + " of " + n + " fleets");
    }

    @Test
    void fleetNamesAreUniqueAndSizesBounded() {
        qt().withExamples(100).forAll(Fleets.demands(5)).check(f -> f.size() >= 1 && f.size() <= 5
                && f.stream().map(ModelDemand::name).distinct().count() == f.size());
        assertThrows(IllegalArgumentException.class, () -> Fleets.demands(0));
        PlanningRequest r = ModelDemands.request(List.of(ModelDemand.closedLoop("resnet50", 8, 400)),
                dev.greenslice.carbon.intensity.EnergySource.WIND);
        assertEquals(ModelDemands.GPU, r.gpu());
    }
}
