package dev.greenslice.estimators.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * What an optimizer returned: the chosen configuration with its assessment (always feasible), or nothing
 * when no configuration meets the constraints, plus how much work it took and how the answer was reached.
 *
 * <p>Immutable. Construction fails with an {@link IllegalArgumentException} if {@code best} holds an
 * infeasible assessment.
 *
 * @param best         the chosen configuration's assessment, if a feasible one was found
 * @param evaluations  configurations (or, for branch and bound, partial configurations) the optimizer scored
 * @param method       one sentence on how the answer was reached, e.g. which fallback was used
 */
public record Optimization(Optional<ConfigurationAssessment> best, long evaluations, String method) {

    /**
     * An optimizer's result.
     *
     * @param best        the chosen configuration's assessment, if a feasible one was found
     * @param evaluations configurations (or, for branch and bound, partial configurations) the optimizer scored
     * @param method      one sentence on how the answer was reached, e.g. which fallback was used
     * @throws NullPointerException if the result or method is null (use {@code Optional.empty()} when nothing is
     *                              feasible)
     * @throws IllegalArgumentException if the best configuration given breaks a constraint
     */
    public Optimization {
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(method, "method");
        if (best.isPresent() && !best.get().feasible()) {
            throw new IllegalArgumentException("An optimization result must be feasible; got " + best.get().violations());
        }
    }

    /** @return the chosen configuration, if any */
    public Optional<PipelineConfiguration> configuration() {
        return best.map(ConfigurationAssessment::configuration);
    }

    /** @return the chosen configuration's score, or negative infinity if there is none */
    public double score() {
        return best.map(ConfigurationAssessment::score).orElse(Double.NEGATIVE_INFINITY);
    }
}
