package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.plan.DeploymentPlan;

import java.util.Locale;
import java.util.Objects;

/**
 * A proven lower bound on the total carbon (operational + embodied, in grams) of every feasible plan for one
 * planning request under this module's models of latency, power and carbon: no plan, by any planner, of the same
 * demands on the same GPU type with the same intensity, embodied footprint and accounting, can emit less. It
 * certifies a plan: {@link #gapPercent(DeploymentPlan)} is how far above the best possible plan it can at most be.
 *
 * <p>{@link #method()} names how the bound was proven: {@code "exact"} (the exact planner's optimum, for requests it
 * takes), or a relaxation (see {@code MigPlanners#lowerBound}). Immutable and thread-safe.
 */
public final class PlanBound {

    private final double carbonGrams;
    private final String method;
    private final String explanation;

    PlanBound(double carbonGrams, String method, String explanation) {
        if (!(carbonGrams >= 0) || Double.isInfinite(carbonGrams)) {
            throw new IllegalArgumentException("A lower bound must be a finite non-negative carbon mass, got "
                    + carbonGrams + " g");
        }
        this.carbonGrams = carbonGrams;
        this.method = Objects.requireNonNull(method, "method");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
    }

    /** @return the bound, in grams of CO2e */
    public double carbonGrams() {
        return carbonGrams;
    }

    /** @return a short name of how the bound was proven, e.g. {@code "exact"}, {@code "lp-column-generation"}
     *     or {@code "area-relaxation"} */
    public String method() {
        return method;
    }

    /** @return one sentence saying what the bound assumes and why it holds */
    public String explanation() {
        return explanation;
    }

    /**
     * The optimality gap of {@code plan} against this bound: {@code 100 × (total − bound) / bound}, in percent;
     * 0 where the bound is 0 and so is the plan's total.
     *
     * @param plan a plan of the same request
     * @return the gap, in percent (never negative by more than rounding)
     */
    public double gapPercent(DeploymentPlan plan) {
        double total = plan.total().value().grams();
        if (carbonGrams == 0) {
            return total == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return 100 * (total - carbonGrams) / carbonGrams;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "lower bound %.6g g (%s)", carbonGrams, method);
    }
}
