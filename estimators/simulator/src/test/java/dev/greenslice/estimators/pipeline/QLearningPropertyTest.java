package dev.greenslice.estimators.pipeline;

import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
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

    @Test
    void spacesBeyondALongOfStatesStillLearn() {
        // seven image-classification stages: 1,584^7 configurations, more than a long counts
        Stage classify = ExamplePipelines.imageClassification().pipeline().stage("classify");
        Pipeline.Builder b = Pipeline.builder("seven").latencySla(java.time.Duration.ofMillis(700));
        for (int i = 0; i < 7; i++) {
            b.stage(Stage.builder().name("c" + i).variants(classify.variants()).minReplicas(1).maxReplicas(8)
                    .minBatch(1).maxBatch(32).build());
        }
        Pipeline seven = b.build();
        org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, seven::configurationCount);
        Objective o = ExamplePipelines.imageClassification().objective();
        Optimization q = PipelineOptimizers.qLearning(QLearningSettings.defaults(2).withEpisodes(50))
                .optimize(seven, o, Demand.energyOnly(500));
        Optimization exact = PipelineOptimizers.exact().optimize(seven, o, Demand.energyOnly(500));
        assertTrue(q.best().orElseThrow().feasible());
        assertTrue(q.score() <= exact.score() + 1e-9);
    }
}
