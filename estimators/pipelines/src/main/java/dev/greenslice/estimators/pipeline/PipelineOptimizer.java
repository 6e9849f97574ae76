package dev.greenslice.estimators.pipeline;

import java.util.Optional;

/**
 * Chooses a {@link PipelineConfiguration} — per stage a variant, replicas and a batch size — that meets the
 * pipeline's constraints at a {@link Demand} and scores well on an {@link Objective}.
 *
 * <p>Implementations are interchangeable (see {@link PipelineOptimizers}): the exact branch-and-bound
 * search, plain exhaustive search, Q-learning, and variant-pinned baselines. None returns an infeasible
 * configuration: when no configuration meets every constraint the result is empty and says so.
 *
 * <p>Implementations are thread-safe: one instance may optimize for several adapters at once. They fail
 * with {@link IllegalArgumentException} when the objective weighs carbon and the demand has no intensity.
 */
public interface PipelineOptimizer {

    /** @return a short name for reports, e.g. {@code "exact"} */
    String name();

    /**
     * @param pipeline  what to configure
     * @param objective what to maximize
     * @param demand    the arrival rate (and intensity) to configure for
     * @param current   the configuration running now, if any; optimizers may start from it
     * @return the chosen configuration's assessment, or empty if no configuration is feasible
     */
    Optimization optimize(Pipeline pipeline, Objective objective, Demand demand, Optional<PipelineConfiguration> current);

    /**
     * Optimizes without a running configuration.
     *
     * @param pipeline  what to configure
     * @param objective what to maximize
     * @param demand    the arrival rate (and intensity) to configure for
     * @return the chosen configuration's assessment, or empty if no configuration is feasible
     */
    default Optimization optimize(Pipeline pipeline, Objective objective, Demand demand) {
        return optimize(pipeline, objective, demand, Optional.empty());
    }
}
