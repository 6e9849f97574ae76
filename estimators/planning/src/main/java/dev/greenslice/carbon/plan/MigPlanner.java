package dev.greenslice.carbon.plan;

/**
 * Decides which models share a GPU and how: per GPU a valid MIG layout with one model on each instance (or
 * one model on a whole GPU) and an SM clock, for a set of model demands on one GPU type.
 *
 * <p>Implementations (estimators module, {@code MigPlanners}): the carbon planner — minimizes total carbon,
 * operational plus embodied, exactly for small problems and by a heuristic for fleets — and the co-location
 * study's baselines behind the same interface (one GPU per model; the fixed 4/7 + 3/7 and 3/7 + 2/7 + 2/7
 * sizing; utilization-first packing), so that plans are compared under the same models of power, latency
 * and carbon.
 *
 * <p>Every plan a planner returns uses valid placements of the GPU's real MIG table, fits each model's
 * memory need into its instance's memory, meets every model's SLO at the planned load and respects the GPU
 * budget.
 *
 * <p>Implementations are immutable and thread-safe. They throw {@link NoFeasiblePlanException} when no plan
 * of theirs satisfies the constraints (saying which model's SLO or memory, or the budget, is at fault) and
 * {@link IllegalArgumentException} naming the model when they have no profile for it.
 */
public interface MigPlanner {

    /** @return the planner's short name, as {@code greenslice plan --planner} takes it, e.g. {@code "carbon"} */
    String name();

    /**
     * Plans {@code request}.
     *
     * @param request the demands, GPU type, intensity, embodied carbon and constraints
     * @return the plan, with its predicted latency, energy and carbon per model, per GPU and in total
     * @throws NoFeasiblePlanException if no plan of this planner meets every SLO, memory need and the budget
     * @throws IllegalArgumentException if a demand names a model the planner has no profile for, or the
     *                                  planner's profiles are for another GPU type
     */
    DeploymentPlan plan(PlanningRequest request);
}
