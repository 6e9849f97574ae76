package dev.greenslice.samples.pipeline;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.estimators.pipeline.QLearningSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerComparisonTest {

    @Test
    void qLearningNeverBeatsTheExactOptimumAndTheStressCaseIsHuge() {
        assertEquals(1584L * 1584 * 1584, OptimizerComparison.threeClassifiers().configurationCount());
        List<OptimizerComparison.Row> rows = OptimizerComparison.compare(
                QLearningSettings.defaults(1).withEpisodes(100).withStepsPerEpisode(20), new MockClock());
        assertEquals(12, rows.size());
        for (OptimizerComparison.Row r : rows) {
            assertTrue(r.gap() >= -1e-12, r.toString());
            assertTrue(Double.isFinite(r.qScore()), "Q-learning found a feasible configuration: " + r);
        }
        assertTrue(rows.stream().filter(r -> r.pipeline().equals("three-classifiers")).anyMatch(r -> r.gap() > 0),
                "with 100 episodes Q-learning misses the optimum of a 4-billion-configuration space somewhere");
    }
}
