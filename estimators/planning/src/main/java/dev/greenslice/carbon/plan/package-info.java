/**
 * Planning which models share a GPU: the {@link dev.greenslice.carbon.plan.MigPlanner} interface, the demand
 * of a model ({@link dev.greenslice.carbon.plan.ModelDemand}), the request
 * ({@link dev.greenslice.carbon.plan.PlanningRequest}) and the plan
 * ({@link dev.greenslice.carbon.plan.DeploymentPlan}: GPUs with valid MIG layouts, a model per instance, a
 * clock, and per model and in total the predicted latency, energy and carbon, and what sharing saved or cost
 * against one GPU per model).
 *
 * <p>Only interfaces and value types live here (carbon-api depends on SLF4J only); the planners are in the
 * estimators module ({@code dev.greenslice.estimators.plan.MigPlanners}).
 *
 * <p><b>Units:</b> grams of CO2e, joules, watts, milliseconds of latency, SM clocks in MHz. <b>Thread-safety:</b>
 * requests and plans are immutable and thread-safe; implementations of {@code MigPlanner} are thread-safe.
 */
package dev.greenslice.carbon.plan;
