package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.CarbonIntensity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTest {

    private final Pipeline pipeline = Pipelines.twoStage();
    private final Objective objective = Objective.energy(1, 0.01, 0.001, 0.1);

    private static PipelineConfiguration config(String detect, int n, int b, int clsN, int clsB) {
        return PipelineConfiguration.of(new StageConfiguration(detect, n, b), new StageConfiguration("cls", clsN, clsB));
    }

    @Test
    void assessmentFollowsTheStatedFormulas() {
        ConfigurationAssessment a = pipeline.assess(config("small", 1, 4, 1, 1),
                Demand.of(50, CarbonIntensity.ofGramsPerKwh(360)), objective);
        // detect: wait 3/50 + 20 ms + M/D/1 0.25*0.02/(2*0.75); classify: 5 ms + 0.25*0.005/1.5
        assertEquals(0.06 + 0.02 + 0.25 * 0.02 / 1.5, a.stageLatencySeconds().get(0), 1e-12);
        assertEquals(0.005 + 0.25 * 0.005 / 1.5, a.stageLatencySeconds().get(1), 1e-12);
        assertEquals(0.0891667, a.latencySeconds(), 1e-6);
        // energy: 2 J/4 + 10 W/50 + 0.5 J/1 + 5 W/50
        assertEquals(1.3, a.energyPerRequest().toJoules(), 1e-12);
        assertEquals(1.3e-4, a.carbonPerRequest().orElseThrow().toGrams(), 1e-12); // 360 g/kWh = 1e-4 g/J
        assertEquals(0.48, a.accuracy(), 1e-12);
        assertEquals(2, a.resourceUnits(), 0);
        assertEquals(5, a.batchSizeSum());
        assertEquals(0.48 - (0.01 + 0.004 + 0.07) - (0.01 + 0.001 + 0.06), a.score(), 1e-12);
        assertTrue(a.feasible(), a.violations()::toString);
    }

    @Test
    void carbonObjectiveWeighsGramsPerRequest() {
        Objective carbon = Objective.carbon(1, 0, 0, 1000);
        ConfigurationAssessment a = pipeline.assess(config("small", 1, 4, 1, 1),
                Demand.of(50, CarbonIntensity.ofGramsPerKwh(360)), carbon);
        assertEquals(0.48 - 1000 * 1.3e-4, a.score(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline.assess(config("small", 1, 4, 1, 1), Demand.energyOnly(50), carbon));
        assertTrue(e.getMessage().contains("Demand.of(requestsPerSecond, intensity)"), e.getMessage());
    }

    @Test
    void everyBrokenConstraintIsNamed() {
        ConfigurationAssessment a = pipeline.assess(config("small", 1, 4, 5, 1), Demand.energyOnly(300), objective);
        assertFalse(a.feasible());
        assertEquals(Double.POSITIVE_INFINITY, a.latencySeconds());
        String all = String.join(" | ", a.violations());
        assertTrue(all.contains("stage 'classify': 5 replicas outside [1, 4]"), all);
        assertTrue(all.contains("stage 'detect': throughput 1 x 200.0/s = 200.0/s is below the arrival rate 300.0/s"), all);
        assertTrue(all.contains("end-to-end latency is unbounded"), all);
    }

    @Test
    void slaViolationAlone() {
        // big x1 b4 at 40/s: wait 75 ms + 80 ms + queueing 0.8*0.08/0.4 = 160 ms > 200 ms with classify
        ConfigurationAssessment a = pipeline.assess(config("big", 1, 4, 1, 1), Demand.energyOnly(40), objective);
        assertFalse(a.feasible());
        assertEquals(1, a.violations().size(), a.violations()::toString);
        assertTrue(a.violations().get(0).startsWith("end-to-end latency 0.3"), a.violations()::toString);
    }

    @Test
    void batchingTimeoutCapsTheWaitAndChargesPartialBatches() {
        Stage detect = pipeline.stage("detect").withMaxBatchWait(Duration.ofMillis(10));
        Pipeline timed = Pipeline.builder("timed").latencySla(Duration.ofMillis(200))
                .stage(detect).stage(pipeline.stage("classify")).build();
        ConfigurationAssessment a = timed.assess(config("small", 1, 4, 1, 1), Demand.energyOnly(50), objective);
        // b_eff = min(4, 1 + 50*0.01) = 1.5; capacity 200*1.5/4 = 75; rho = 2/3
        assertEquals(0.01 + 0.02 + (2.0 / 3) * 0.02 / (2.0 / 3), a.stageLatencySeconds().get(0), 1e-12);
        assertEquals(2.0 / 1.5 + 0.2 + 0.6, a.energyPerRequest().toJoules(), 1e-12);
    }

    @Test
    void configurationsThatCannotBeEvaluatedAreRejectedWithTheFix() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> pipeline.assess(config("huge", 1, 4, 1, 1), Demand.energyOnly(10), objective));
        assertTrue(unknown.getMessage().contains("no variant 'huge'; its variants are [small, big]"), unknown.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> pipeline.assess(config("small", 1, 2, 1, 1), Demand.energyOnly(10), objective));
        assertTrue(batch.getMessage().contains("no profile for batch size 2; measured sizes are [1, 4]"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pipeline.assess(
                PipelineConfiguration.of(new StageConfiguration("small", 1, 1)), Demand.energyOnly(10), objective));
    }

    @Test
    void buildingRejectsBadPipelinesWithAClearMessage() {
        Stage s = pipeline.stage("detect");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pipeline.builder("p").stage(s).build())
                .getMessage().contains("needs a positive latency SLA"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pipeline.builder("p").latencySla(Duration.ofSeconds(1))
                .build()).getMessage().contains("has no stage"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pipeline.builder("p").latencySla(Duration.ofSeconds(1))
                .stage(s).stage(s).build()).getMessage().contains("two stages named 'detect'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Stage("x", s.variants(), 2, 1, 1, 4))
                .getMessage().contains("1 <= min <= max, got [2, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Stage("x", s.variants(), 1, 2, 8, 16))
                .getMessage().contains("no variant has a measured batch size within [8, 16]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Variant.builder("v", "m").accuracy(76.1)
                .resourceUnitsPerReplica(1).batch(Pipelines.batch(1, 1, 1, 1)).build())
                .getMessage().contains("write 76.13% as 0.7613"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Stage("x", s.variants(), 1, 2, 1, 4,
                Optional.of(Duration.ZERO))).getMessage().contains("batching timeout must be positive"));
        assertThrows(IllegalArgumentException.class, () -> Demand.energyOnly(0));
        assertThrows(IllegalArgumentException.class, () -> Objective.energy(1, -0.1, 0, 0));
    }

    @Test
    void measuredVariantsReplaceTheirNamesakes() {
        Variant faster = pipeline.stage("detect").variant("big").orElseThrow()
                .withBatch(Pipelines.batch(4, 40, 100, 6.0));
        Pipeline updated = pipeline.withVariant("detect", faster);
        assertEquals(100, updated.stage("detect").variant("big").orElseThrow().batch(4).orElseThrow()
                .throughputRequestsPerSecond());
        assertEquals(50, pipeline.stage("detect").variant("big").orElseThrow().batch(4).orElseThrow()
                .throughputRequestsPerSecond(), "the original is unchanged");
        assertThrows(IllegalArgumentException.class, () -> pipeline.withVariant("nope", faster));
        assertEquals(List.of("detect", "classify"), updated.stages().stream().map(Stage::name).toList());
    }

    @Test
    void searchSpaceSizeCountsEveryCombination() {
        // detect: 2 variants x 4 replicas x 2 batch sizes; classify: 1 x 4 x 2
        assertEquals(16 * 8, pipeline.configurationCount());
    }
}
