package dev.greenslice.estimators.pipeline;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A static baseline: every stage is pinned to one model ({@link ModelChoice}); the exact optimizer still
 * chooses that model's allocation variant, replicas and batch size for the load. Stateless and thread-safe.
 */
final class PinnedModelOptimizer implements PipelineOptimizer {

    private final ModelChoice choice;

    PinnedModelOptimizer(ModelChoice choice) {
        this.choice = choice;
    }

    @Override
    public String name() {
        return choice == ModelChoice.LIGHTEST ? "static-light" : "static-accurate";
    }

    @Override
    public Optimization optimize(Pipeline pipeline, Objective objective, Demand demand,
                                 Optional<PipelineConfiguration> current) {
        Set<String> keep = new HashSet<>();
        for (Stage s : pipeline.stages()) {
            String model = choice.modelFor(s);
            for (Variant v : s.variants()) {
                if (v.model().equals(model)) {
                    keep.add(s.name() + "\u0000" + v.name());
                }
            }
        }
        Pipeline pinned = pipelineRestricted(pipeline, keep);
        SearchSpace space = new SearchSpace(pinned, objective, demand);
        Optimization inner = BranchAndBoundOptimizer.solve(space, name() + ": models pinned to "
                + pipeline.stages().stream().map(choice::modelFor).toList() + ", scaled by branch and bound");
        // Re-assess against the full pipeline so scores are comparable with the other optimizers.
        return new Optimization(inner.configuration().map(c -> pipeline.assess(c, demand, objective)),
                inner.evaluations(), inner.method());
    }

    private static Pipeline pipelineRestricted(Pipeline pipeline, Set<String> keep) {
        java.util.List<Stage> stages = new java.util.ArrayList<>();
        for (Stage s : pipeline.stages()) {
            stages.add(s.restrictedTo(v -> keep.contains(s.name() + "\u0000" + v.name())));
        }
        Pipeline.Builder b = Pipeline.builder(pipeline.name()).latencySla(pipeline.latencySla())
                .resourceUnit(pipeline.resourceUnit());
        stages.forEach(b::stage);
        return b.build();
    }
}
