package dev.greenslice.estimators.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/** Q-learning never returns an infeasible configuration, and returns one whenever one exists. */
class QLearningPropertyTest {

    @Test
    void neverInfeasibleAndNeverEmptyWhenAFeasibleConfigurationExists() {
        PipelineOptimizer brute = PipelineOptimizers.exhaustive();
        // Few episodes on purpose: the fallbacks must carry the guarantee, not luck.
        qt().withExamples(300).forAll(Problems.problems(), longs().all()).checkAssert((p, seed) -> {
            PipelineOptimizer q = PipelineOptimizers.qLearning(QLearningSettings.defaults(seed).withEpisodes(20)
                    .withStepsPerEpisode(5));
            Optimization result = q.optimize(p.pipeline(), p.objective(), p.demand());
            Optimization optimum = brute.optimize(p.pipeline(), p.objective(), p.demand());
            assertEquals(optimum.best().isPresent(), result.best().isPresent(), result::method);
            result.configuration().ifPresent(c -> {
                ConfigurationAssessment a = p.pipeline().assess(c, p.demand(), p.objective());
                assertTrue(a.feasible(), a.violations()::toString);
                assertTrue(a.score() <= optimum.score() + 1e-9, "Q-learning cannot beat the optimum");
            });
        });
    }

    @Test
    void sameSeedSameAnswer() {
        qt().withExamples(40).forAll(Problems.problems(), longs().all()).checkAssert((p, seed) -> {
            QLearningSettings s = QLearningSettings.defaults(seed).withEpisodes(60).withStepsPerEpisode(10);
            Optimization a = PipelineOptimizers.qLearning(s).optimize(p.pipeline(), p.objective(), p.demand());
            Optimization b = PipelineOptimizers.qLearning(s).optimize(p.pipeline(), p.objective(), p.demand());
            assertEquals(a.configuration(), b.configuration());
            assertEquals(a.evaluations(), b.evaluations());
        });
    }
}
