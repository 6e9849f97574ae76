package dev.greenslice.carbon.plan;

import java.util.List;

/**
 * No plan satisfies the request's constraints: a model misses its SLO on every instance and clock it could
 * have, its memory need fits no instance, or the GPU budget is too small. The message says which in one line;
 * {@link #reasons()} lists each cause.
 */
public final class NoFeasiblePlanException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** One sentence per cause; serialized with the exception. */
    private final List<String> reasons;

    /**
     * @param planner the planner that gave up, e.g. {@code "carbon"}
     * @param reasons one sentence per cause, each naming the model (or the budget) and what fails
     */
    public NoFeasiblePlanException(String planner, List<String> reasons) {
        super("No feasible plan (" + planner + " planner): " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** @return one sentence per cause */
    public List<String> reasons() {
        return reasons;
    }
}
