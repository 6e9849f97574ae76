package dev.greenslice.samples.study;

import dev.greenslice.carbon.plan.DeploymentPlan;
import dev.greenslice.carbon.plan.PlannedGpu;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one planner made of a scenario: its plan, or why it found none (a baseline whose layouts cannot keep
 * every SLO at the load). Immutable.
 *
 * @param planner     the planner's name, e.g. {@code "carbon"}, {@code "fixed-sizing"}
 * @param tunedClocks whether the planner could choose each GPU's clock (else all GPUs at the highest clock)
 * @param plan        the plan, if the planner found one
 * @param infeasible  why it found none, if it did not
 */
public record PlanOutcome(String planner, boolean tunedClocks, Optional<DeploymentPlan> plan,
                          Optional<String> infeasible) {

    /**
     * Checks that exactly one of plan and reason is given.
     *
     * @param planner     the planner's name, e.g. {@code "carbon"}, {@code "fixed-sizing"}
     * @param tunedClocks whether the planner could choose each GPU's clock (else all GPUs at the highest clock)
     * @param plan        the plan, if the planner found one
     * @param infeasible  why it found none, if it did not
     * @throws IllegalArgumentException unless exactly one of plan and reason is present
     */
    public PlanOutcome {
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(infeasible, "infeasible");
        if (plan.isPresent() == infeasible.isPresent()) {
            throw new IllegalArgumentException("A plan outcome of " + planner + " has a plan or a reason, not both or neither");
        }
    }

    /** @return the planner's name with {@code ", tuned clocks"} where it chose clocks */
    public String label() {
        return planner + (tunedClocks ? ", tuned clocks" : "");
    }

    /** @return the plan's total carbon in grams, if there is a plan */
    public Optional<Double> totalGrams() {
        return plan.map(p -> p.total().value().grams());
    }

    /** @return the plan's GPUs in short, e.g. {@code "GPU0 4g whisper + 3g gpt @1050"} */
    public String layout() {
        return plan.map(p -> p.gpus().stream().map(PlanOutcome::describe).collect(Collectors.joining("; ")))
                .orElse("none");
    }

    private static String describe(PlannedGpu g) {
        String models = g.models().stream().map(m -> (m.instance().isPresent() ? m.computeSlices() + "g " : "whole GPU ")
                + m.name()).collect(Collectors.joining(" + "));
        return models + " @" + g.clockMhz() + " MHz";
    }
}
