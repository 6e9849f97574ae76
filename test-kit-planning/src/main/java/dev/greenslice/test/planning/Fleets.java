package dev.greenslice.test.planning;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import dev.greenslice.carbon.plan.PlanningRequest;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories generators of fleets: lists of {@link ModelDemands#servable() servable} demands, uniquely named
 * ({@code model#i}, so one model may serve several demands), and {@link PlanningRequest}s for them on
 * {@link ModelDemands#GPU} under a grid of any {@link EnergySource}. Since every demand has a GPU of its own to fall
 * back on, every fleet has a plan. Fleets shrink towards fewer, simpler demands.
 *
 * <pre>{@code
 * qt().forAll(Fleets.requests(8)).check(r -> MigPlanners.embedded().carbon().plan(r).gpus().size() <= 8);
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads. The factories throw
 * {@link IllegalArgumentException} for a size bound below 1.
 */
public final class Fleets {

    private Fleets() {
    }

    /**
     * Fleets of 1 to {@code maxDemands} servable demands, each named {@code model#i} by its position.
     *
     * @param maxDemands the most demands in a fleet, {@code >= 1}
     * @return the generator
     * @throws IllegalArgumentException if {@code maxDemands} is below 1
     */
    public static Gen<List<ModelDemand>> demands(int maxDemands) {
        if (maxDemands < 1) {
            throw new IllegalArgumentException("A fleet has at least one demand; got maxDemands " + maxDemands);
        }
        return lists().of(ModelDemands.servable()).ofSizeBetween(1, maxDemands).map(Fleets::numbered)
                .describedAs(f -> f.stream().map(ModelDemands::describe).toList().toString());
    }

    /**
     * Planning requests for fleets of 1 to {@code maxDemands} servable demands, under a constant grid intensity of
     * any energy source.
     *
     * @param maxDemands the most demands in a fleet, {@code >= 1}
     * @return the generator
     * @throws IllegalArgumentException if {@code maxDemands} is below 1
     */
    public static Gen<PlanningRequest> requests(int maxDemands) {
        return demands(maxDemands).zip(arbitrary().enumValues(EnergySource.class), ModelDemands::request)
                .describedAs(r -> r.demands().stream().map(ModelDemands::describe).toList() + " on " + r.gpu().id()
                        + " at " + r.intensity());
    }

    private static List<ModelDemand> numbered(List<ModelDemand> drawn) {
        List<ModelDemand> out = new ArrayList<>(drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            out.add(drawn.get(i).named(drawn.get(i).model() + "#" + i));
        }
        return List.copyOf(out);
    }
}
