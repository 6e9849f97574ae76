package dev.greenslice.estimators.pipeline;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantMeasurementsTest {

    @Test
    void measurementsBecomeProfilesThatReplaceTheOldOnes() {
        VariantMeasurements m = new VariantMeasurements();
        m.record(4, Duration.ofMillis(20), Energy.ofJoules(3));
        m.record(4, Duration.ofMillis(30), Energy.ofJoules(5));
        m.recordBatches(8, 10, Duration.ofMillis(400), Energy.ofJoules(60));
        BatchProfile b4 = m.profile(4).orElseThrow();
        assertEquals(0.025, b4.latencySeconds(), 1e-12);
        assertEquals(4 / 0.025, b4.throughputRequestsPerSecond(), 1e-9);
        assertEquals(4, b4.energyPerBatch().toJoules(), 1e-12);
        assertEquals(10, m.batches(8));
        assertEquals(6, m.profile(8).orElseThrow().energyPerBatch().toJoules(), 1e-12);

        Variant big = Pipelines.twoStage().stage("detect").variant("big").orElseThrow();
        Variant measured = m.applyTo(big);
        assertEquals(b4, measured.batch(4).orElseThrow());
        assertEquals(big.batch(1), measured.batch(1), "unmeasured sizes keep their figures");
        assertTrue(measured.batch(8).isPresent(), "newly measured sizes are added");
        assertTrue(measured.source().startsWith("measured in service (batches b4: 2, b8: 10)"), measured.source());
    }

    @Test
    void feedingMeasuredFiguresChangesTheOptimum() {
        Pipeline p = Pipelines.twoStage();
        Objective o = Objective.energy(1, 0.01, 0.001, 0.01);
        Demand d = Demand.energyOnly(150); // the big detector cannot meet the SLA at 150/s with its profiled figures
        String before = PipelineOptimizers.exact().optimize(p, o, d).configuration().orElseThrow().stage(0).variant();
        // the big detector turns out ten times cheaper and faster in service than its profile said
        VariantMeasurements m = new VariantMeasurements();
        m.recordBatches(4, 100, Duration.ofMillis(800), Energy.ofJoules(80));
        Pipeline updated = p.withVariant("detect", m.applyTo(p.stage("detect").variant("big").orElseThrow()));
        String after = PipelineOptimizers.exact().optimize(updated, o, d).configuration().orElseThrow().stage(0).variant();
        assertEquals("small", before);
        assertEquals("big", after);
    }

    @Test
    void nonsenseMeasurementsAreRejected() {
        VariantMeasurements m = new VariantMeasurements();
        assertThrows(IllegalArgumentException.class, () -> m.record(0, Duration.ofMillis(1), Energy.ZERO));
        assertThrows(IllegalArgumentException.class, () -> m.record(1, Duration.ZERO, Energy.ZERO));
        assertThrows(IllegalArgumentException.class, () -> m.recordBatches(1, 0, Duration.ofMillis(1), Energy.ZERO));
        assertTrue(m.profile(1).isEmpty());
    }

    @Test
    void carbonMeterWindowsFeedActiveEnergyPerBatch() {
        MockClock clock = new MockClock();
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 150);
        VariantMeasurements m = new VariantMeasurements();
        try (CarbonMeter meter = CarbonMeter.builder().sensor(sensor).clock(clock).synchronous().build()) {
            Measurement w = meter.start("resnet50@2g b8");
            clock.advance(Duration.ofMillis(500)); // 40 batches of 12.5 ms back to back at 150 W
            w.close();
            m.record(8, 40, w.report(), "gpu:0", Power.ofWatts(50));
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> m.record(8, 40, w.report(), "gpu:1", Power.ZERO));
            assertTrue(missing.getMessage().contains("has no domain 'gpu:1'; it has [gpu:0]"), missing.getMessage());
            IllegalArgumentException idle = assertThrows(IllegalArgumentException.class,
                    () -> m.record(8, 40, w.report(), "gpu:0", Power.ofWatts(400)));
            assertTrue(idle.getMessage().contains("is below the idle power"), idle.getMessage());
        }
        BatchProfile b8 = m.profile(8).orElseThrow();
        assertEquals(0.0125, b8.latencySeconds(), 1e-12);
        assertEquals(640, b8.throughputRequestsPerSecond(), 1e-9);
        assertEquals((150 - 50) * 0.5 / 40, b8.energyPerBatch().toJoules(), 1e-9, "active energy per batch");
    }
}
