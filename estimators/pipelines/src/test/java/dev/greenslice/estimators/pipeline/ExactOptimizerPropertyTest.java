package dev.greenslice.estimators.pipeline;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The exact optimizer against plain exhaustive search on random small pipelines: its configuration meets
 * every constraint, no feasible configuration beats it, and it finds nothing exactly when nothing is feasible.
 */
class ExactOptimizerPropertyTest {

    private static final AtomicInteger FEASIBLE = new AtomicInteger();
    private static final AtomicInteger TOTAL = new AtomicInteger();

    @Test
    void exactMatchesExhaustiveSearch() {
        PipelineOptimizer exact = PipelineOptimizers.exact();
        PipelineOptimizer brute = PipelineOptimizers.exhaustive();
        qt().withExamples(400).forAll(Problems.problems()).checkAssert(p -> {
            Optimization e = exact.optimize(p.pipeline(), p.objective(), p.demand());
            Optimization b = brute.optimize(p.pipeline(), p.objective(), p.demand());
            TOTAL.incrementAndGet();
            assertEquals(b.best().isPresent(), e.best().isPresent(), () -> "feasibility differs: " + e.method());
            if (e.best().isPresent()) {
                FEASIBLE.incrementAndGet();
                ConfigurationAssessment reassessed = p.pipeline().assess(e.configuration().orElseThrow(), p.demand(),
                        p.objective());
                assertTrue(reassessed.feasible(), reassessed.violations()::toString);
                assertTrue(reassessed.latencySeconds() <= p.pipeline().latencySla().toNanos() / 1e9);
                assertEquals(b.score(), e.score(), 1e-9 * Math.max(1, Math.abs(b.score())),
                        () -> "exact " + e.configuration() + " vs exhaustive " + b.configuration());
                assertTrue(e.evaluations() <= b.evaluations() * 2L, "branch and bound did more work than brute force");
            }
        });
    }

    @Test
    void exactAgreesOnTheHandMadePipelineAcrossRates() {
        Pipeline p = Pipelines.twoStage();
        Objective o = Objective.energy(1, 0.01, 0.001, 0.01);
        for (double rate = 1; rate <= 600; rate *= 1.3) {
            Demand d = Demand.energyOnly(rate);
            Optimization e = PipelineOptimizers.exact().optimize(p, o, d);
            Optimization b = PipelineOptimizers.exhaustive().optimize(p, o, d);
            assertEquals(b.score(), e.score(), 1e-12, "at " + rate);
        }
    }

    @AfterAll
    static void theGeneratorExercisedBothOutcomes() {
        int feasible = FEASIBLE.get();
        int total = TOTAL.get();
        assertTrue(feasible > total / 10 && feasible < total, "feasible " + feasible + " of " + total
                + ": the generator should produce both feasible and infeasible problems");
    }
}
