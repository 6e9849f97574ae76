/**
 * The planners that decide which models share a GPU and on which MIG slices
 * ({@link dev.greenslice.estimators.plan.MigPlanners}), the lower bound a plan is judged against
 * ({@link dev.greenslice.estimators.plan.PlanBound}), applying a plan to live GPUs
 * ({@link dev.greenslice.estimators.plan.PlanApplier}), exporting it ({@link dev.greenslice.estimators.plan.PlanExport})
 * and sweeping how much sharing pays ({@link dev.greenslice.estimators.plan.SharingSweep}).
 *
 * <p><b>Units:</b> grams of CO2e, joules, watts, milliseconds of latency, SM clocks in MHz. <b>Thread-safety:</b>
 * planners are stateless and thread-safe; plans are immutable. Infeasible requests throw
 * {@code NoFeasiblePlanException} naming what cannot fit.
 */
package dev.greenslice.estimators.plan;
