package dev.greenslice.estimators.pipeline;

import java.util.Optional;

/**
 * Plain exhaustive search: scores every configuration in the space, feasible or not, and keeps the first
 * feasible one with the highest score. No pruning, no cleverness — the yardstick the exact optimizer is
 * checked against. Refuses spaces above {@link #LIMIT} configurations. Stateless and thread-safe.
 */
final class ExhaustiveOptimizer implements PipelineOptimizer {

    /** The largest space it will enumerate. */
    static final long LIMIT = 50_000_000L;

    @Override
    public String name() {
        return "exhaustive";
    }

    @Override
    public Optimization optimize(Pipeline pipeline, Objective objective, Demand demand,
                                 Optional<PipelineConfiguration> current) {
        SearchSpace space = new SearchSpace(pipeline, objective, demand);
        long total = 1;
        for (int s = 0; s < space.stages; s++) {
            total = Math.multiplyExact(total, space.optionCount[s]);
        }
        if (total > LIMIT) {
            throw new IllegalArgumentException("Pipeline '" + pipeline.name() + "' has " + total
                    + " configurations, more than exhaustive search enumerates (" + LIMIT + "); use the exact optimizer");
        }
        int[] options = new int[space.stages];
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        long evaluated = 0;
        while (true) {
            evaluated++;
            if (space.feasible(options)) {
                double score = space.score(options);
                if (score > bestScore) {
                    bestScore = score;
                    best = options.clone();
                }
            }
            int s = space.stages - 1;
            while (s >= 0 && ++options[s] == space.optionCount[s]) {
                options[s] = 0;
                s--;
            }
            if (s < 0) {
                break;
            }
        }
        if (best == null) {
            return new Optimization(Optional.empty(), evaluated, "exhaustive: no feasible configuration among " + evaluated);
        }
        return new Optimization(Optional.of(space.assess(best)), evaluated, "exhaustive: all " + evaluated + " configurations scored");
    }
}
