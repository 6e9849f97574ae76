package dev.greenslice.estimators.pipeline;

import dev.greenslice.estimators.sim.pipeline.ExamplePipeline;
import dev.greenslice.estimators.sim.pipeline.ExamplePipelines;
import dev.greenslice.estimators.sim.pipeline.PipelineSimulator;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter's and the simulator's shared settings are written once, return each one's own builder, and are
 * checked as they are set.
 */
class AbstractAdaptationBuilderTest {

    private static final ExamplePipeline EXAMPLE = ExamplePipelines.imageClassification();

    private static PipelineAdapter.Builder adapter() {
        return PipelineAdapter.builder(EXAMPLE.pipeline(), EXAMPLE.objective(), PipelineOptimizers.exact());
    }

    private static PipelineSimulator.Builder simulator() {
        return PipelineSimulator.builder(EXAMPLE.pipeline(), EXAMPLE.objective(), PipelineOptimizers.exact());
    }

    @Test
    void sharedSettersChainIntoEachBuildersOwnSettings() {
        PipelineAdapter.Builder a = adapter();
        assertSame(a, a.reconfigurationCost(0.01).stabilityMargin(0.2).clock(new MockClock())
                .onReconfigure(c -> { }));
        PipelineSimulator.Builder s = simulator();
        assertSame(s, s.intensity(CarbonIntensities.of(EnergySource.GAS)).minimumRequestsPerSecond(2)
                .reference(PipelineOptimizers.exact()));
    }

    @Test
    void badSharedSettingsAreRefusedAsTheyAreSet() {
        for (AbstractAdaptationBuilder<?> b : List.<AbstractAdaptationBuilder<?>>of(adapter(), simulator())) {
            IllegalArgumentException cost = assertThrows(IllegalArgumentException.class, () -> b.reconfigurationCost(-1));
            assertTrue(cost.getMessage().contains("-1"), cost.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.reconfigurationCost(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> b.stabilityMargin(Double.POSITIVE_INFINITY));
            assertThrows(IllegalArgumentException.class, () -> b.minimumRequestsPerSecond(0));
            assertThrows(NullPointerException.class, () -> b.predictor(null));
        }
        assertThrows(IllegalArgumentException.class, () -> adapter().interval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> simulator().interval(Duration.ofMillis(1500)));
    }
}
