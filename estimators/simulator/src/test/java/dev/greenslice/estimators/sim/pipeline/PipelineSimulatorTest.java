package dev.greenslice.estimators.sim.pipeline;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.estimators.pipeline.ModelChoice;
import dev.greenslice.estimators.pipeline.Objective;
import dev.greenslice.estimators.pipeline.Pipeline;
import dev.greenslice.estimators.pipeline.PipelineOptimizer;
import dev.greenslice.estimators.pipeline.PipelineOptimizers;
import dev.greenslice.estimators.pipeline.Pipelines;
import dev.greenslice.estimators.pipeline.QLearningSettings;
import dev.greenslice.estimators.pipeline.Stage;
import dev.greenslice.estimators.pipeline.TestIntensity;
import dev.greenslice.estimators.pipeline.Variant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSimulatorTest {

    private static PipelineSimulator.Builder sim(Pipeline p, Objective o, PipelineOptimizer opt) {
        return PipelineSimulator.builder(p, o, opt).intensity(TestIntensity.fixed(360)).clock(new MockClock());
    }

    /** One stage, one variant, one replica, batch 1: 0.5 J per request, 5 W idle, 200 requests/s. */
    private static Pipeline single() {
        Variant v = Variant.builder("only", "m").accuracy(0.9).resourceUnitsPerReplica(1)
                .idlePowerPerReplica(Power.ofWatts(5)).batch(Pipelines.batch(1, 5, 200, 0.5)).build();
        return Pipeline.builder("single").latencySla(Duration.ofMillis(100)).stage(Stage.builder().name("s")
                .variants(List.of(v)).minReplicas(1).maxReplicas(1).minBatch(1).maxBatch(1).build())
                .build();
    }

    @Test
    void energyAndCarbonFollowTheServedRequestsAndTheIdlePower() {
        double[] trace = new double[20];
        Arrays.fill(trace, 10);
        SimulationReport r = sim(single(), Objective.energy(1, 0, 0, 0), PipelineOptimizers.exact())
                .build().run(ArrivalTrace.of("flat", trace));
        assertEquals(20 * (10 * 0.5 + 5), r.energy().toJoules(), 1e-9);
        assertEquals(200 * 1e-4, r.carbon().value().toGrams(), 1e-12); // 360 g/kWh = 1e-4 g/J
        assertEquals(200, r.requests(), 0);
        assertEquals(0.9, r.accuracy(), 1e-12);
        assertEquals(0, r.slaViolations(), 0);
        assertEquals(2, r.intervals().size());
        assertEquals(0, r.reconfigurations());
    }

    @Test
    void overloadQueuesAndViolatesTheSla() {
        double[] trace = new double[30];
        Arrays.fill(trace, 10);
        Arrays.fill(trace, 10, 20, 400); // twice the capacity for 10 s
        SimulationReport r = sim(single(), Objective.energy(1, 0, 0, 0), PipelineOptimizers.exact())
                .build().run(ArrivalTrace.of("spike", trace));
        assertTrue(r.slaViolations() >= 4000, "every request of the overloaded seconds: " + r.slaViolations());
        IntervalReport spike = r.intervals().get(2);
        assertTrue(spike.reason().contains("no configuration meets the constraints"), spike.reason());
        assertTrue(spike.reason().contains("to drain the queue"), spike.reason());
        // 4000 requests arrived but only 2000 fit through: the queue is still draining at the end
        assertTrue(r.energy().toJoules() < 30 * 5 + 4200 * 0.5 + 1e-9);
    }

    @Test
    void totalsAreTheSumOfTheIntervalsAndRunsRepeat() {
        ExamplePipeline ex = ExamplePipelines.imageClassification();
        ArrivalTrace trace = WorkloadShape.BURSTY.generate(400, ex.peakRequestsPerSecond(), 11);
        PipelineSimulator s = sim(ex.pipeline(), ex.objective(), PipelineOptimizers.exact())
                .predictor(ex.predictor()).reconfigurationCost(ex.reconfigurationCost()).build();
        SimulationReport a = s.run(trace);
        SimulationReport b = s.run(trace);
        assertEquals(a, b);
        assertEquals(a.energy().toJoules(), a.intervals().stream().mapToDouble(i -> i.energy().toJoules()).sum(), 1e-6);
        assertEquals(a.slaViolations(), a.intervals().stream().mapToDouble(IntervalReport::slaViolations).sum(), 1e-9);
        assertEquals(a.reconfigurations(), a.intervals().stream().filter(IntervalReport::reconfigured).count());
        assertEquals(trace.totalRequests(), a.requests(), 1e-9);
        assertEquals(Duration.ZERO, a.optimizerTime(), "the mock clock does not move");
        assertEquals(40, a.intervals().size());
    }

    @Test
    void carbonIsIntegratedAtEachSecondsIntensity() {
        double[] trace = new double[20];
        Arrays.fill(trace, 10);
        Instant start = Instant.parse("2024-06-01T00:00:00Z");
        SimulationReport r = PipelineSimulator.builder(single(), Objective.energy(1, 0, 0, 0), PipelineOptimizers.exact())
                .clock(new MockClock()).start(start).intensity(TestIntensity.step(360, start.plusSeconds(5), 720))
                .build().run(ArrivalTrace.of("flat", trace));
        // 10 J per second: 5 s at 1e-4 g/J and 15 s at 2e-4 g/J
        assertEquals(10 * (5 * 1e-4 + 15 * 2e-4), r.carbon().value().toGrams(), 1e-12);
    }

    @Test
    void staticBaselinesBracketTheAdaptiveOptimizer() {
        ExamplePipeline ex = ExamplePipelines.imageClassification();
        ArrivalTrace trace = WorkloadShape.FLUCTUATING.generate(300, ex.peakRequestsPerSecond(), 3);
        SimulationReport exact = run(ex, PipelineOptimizers.exact(), trace);
        SimulationReport light = run(ex, PipelineOptimizers.pinned(ModelChoice.LIGHTEST), trace);
        SimulationReport accurate = run(ex, PipelineOptimizers.pinned(ModelChoice.MOST_ACCURATE), trace);
        SimulationReport q = run(ex, PipelineOptimizers.qLearning(QLearningSettings.defaults(1).withEpisodes(300)), trace);
        assertEquals(0.74042, light.accuracy(), 1e-9);
        assertEquals(0.78312, accurate.accuracy(), 1e-9);
        assertTrue(light.accuracy() <= exact.accuracy() && exact.accuracy() <= accurate.accuracy());
        assertTrue(light.energy().compareTo(exact.energy()) < 0 && exact.energy().compareTo(accurate.energy()) < 0,
                light.energy() + " < " + exact.energy() + " < " + accurate.energy());
        assertEquals(0, exact.meanScoreGap().orElseThrow(), 1e-12, "the reference is the exact optimizer itself");
        double gap = q.meanScoreGap().orElseThrow();
        assertTrue(gap >= -1e-12 && gap < 0.05, "Q-learning's mean gap to the optimum: " + gap);
        assertTrue(light.maxScoreGap().orElseThrow() > 0, "pinning costs score somewhere");
    }

    private static SimulationReport run(ExamplePipeline ex, PipelineOptimizer opt, ArrivalTrace trace) {
        return sim(ex.pipeline(), ex.objective(), opt).predictor(ex.predictor())
                .reconfigurationCost(ex.reconfigurationCost()).reference(PipelineOptimizers.exact()).build().run(trace);
    }

    @Test
    void needsAnIntensityAndWholeSecondIntervals() {
        assertThrows(IllegalArgumentException.class, () -> PipelineSimulator.builder(single(), Objective.energy(1, 0, 0, 0),
                PipelineOptimizers.exact()).build());
        assertThrows(IllegalArgumentException.class, () -> sim(single(), Objective.energy(1, 0, 0, 0),
                PipelineOptimizers.exact()).interval(Duration.ofMillis(1500)));
    }
}
