package dev.greenslice.estimators.pipeline;

import java.util.Objects;

/**
 * The optimizers, behind the one {@link PipelineOptimizer} interface.
 *
 * <ul>
 *   <li>{@link #exact()} — branch and bound that provably returns the optimum of the {@link Objective}
 *       (the argument: options that cannot be feasible are dropped; within a stage an option with no
 *       lower accuracy, no higher cost and no higher latency than another can replace it in any feasible
 *       configuration without lowering the score; branches are cut only when a valid upper bound on the
 *       score of every completion is below the incumbent, or a valid lower bound on their latency exceeds
 *       the SLA). Tests check it against {@link #exhaustive()}.</li>
 *   <li>{@link #exhaustive()} — scores every configuration; the yardstick, for small spaces.</li>
 *   <li>{@link #qLearning(QLearningSettings)} — tabular Q-learning as in the IPA extension; never returns
 *       an infeasible configuration (falls back to the best feasible seen, then to the minimum-latency
 *       configuration, which is feasible iff any is).</li>
 *   <li>{@link #pinned(ModelChoice)} — static baselines: every stage pinned to its lightest or its most
 *       accurate model; allocation, replicas and batch still follow the load.</li>
 * </ul>
 *
 * <p>All returned optimizers are thread-safe and deterministic.
 */
public final class PipelineOptimizers {

    private PipelineOptimizers() {
    }

    /** @return the exact branch-and-bound optimizer */
    public static PipelineOptimizer exact() {
        return new BranchAndBoundOptimizer();
    }

    /** @return plain exhaustive search; fails for spaces above 50 million configurations */
    public static PipelineOptimizer exhaustive() {
        return new ExhaustiveOptimizer();
    }

    /**
     * Q-learning with the IPA extension's parameters ({@link QLearningSettings#defaults(long)}).
     *
     * @param seed the random seed; the same seed gives the same choices
     * @return the optimizer
     */
    public static PipelineOptimizer qLearning(long seed) {
        return qLearning(QLearningSettings.defaults(seed));
    }

    /**
     * Q-learning with explicit settings.
     *
     * @param settings episodes, learning rate, exploration and seed
     * @return the optimizer
     */
    public static PipelineOptimizer qLearning(QLearningSettings settings) {
        return new QLearningOptimizer(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * A static baseline pinning every stage to the model {@code choice} picks; it still chooses that model's
     * variant, replicas and batch size.
     *
     * @param choice the lightest or the most accurate model
     * @return the optimizer
     */
    public static PipelineOptimizer pinned(ModelChoice choice) {
        return new PinnedModelOptimizer(Objects.requireNonNull(choice, "choice"));
    }

    /**
     * @param name {@code exact}, {@code exhaustive}, {@code q-learning}, {@code static-light} or
     *             {@code static-accurate}
     * @param seed the Q-learning seed (ignored by the others)
     * @return the optimizer
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static PipelineOptimizer byName(String name, long seed) {
        return switch (Objects.requireNonNull(name, "name")) {
            case "exact" -> exact();
            case "exhaustive" -> exhaustive();
            case "q-learning" -> qLearning(seed);
            case "static-light" -> pinned(ModelChoice.LIGHTEST);
            case "static-accurate" -> pinned(ModelChoice.MOST_ACCURATE);
            default -> throw new IllegalArgumentException("Unknown optimizer '" + name
                    + "'; use exact, exhaustive, q-learning, static-light or static-accurate");
        };
    }
}
