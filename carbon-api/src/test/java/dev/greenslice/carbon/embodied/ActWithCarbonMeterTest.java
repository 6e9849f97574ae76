package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.CarbonFigure;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.Measurement;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.test.sensor.ScriptedSensor;
import dev.greenslice.carbon.sensor.SensorDomain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ACT model attached to a meter: a window is charged (T / lifetime) × footprint × share, with its range. */
class ActWithCarbonMeterTest {

    @Test
    void meterChargesActFootprintOverTimeWithItsRangeAndProvenance() {
        MockClock clock = new MockClock(Instant.parse("2024-01-01T00:00:00Z"));
        GpuModel a100 = GpuCatalog.A100_SXM4_80GB;
        int slices = a100.mig().resolve("3g").computeSlices();
        ScriptedSensor sensor = new ScriptedSensor("s", clock)
                .constantPower("gpu:0", 300)
                .domain(new SensorDomain("gpu:0/mig:1", ReadingKind.APPORTIONED_ENERGY, "gpu:0",
                        slices / (double) a100.mig().computeSlices(), "3g.40gb"), t -> 0);
        EmbodiedCarbon act = EmbodiedCarbon.act(a100);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor)
                .synchronous().embodied(act).build()) {
            Measurement whole = meter.start("whole");
            Measurement mig = meter.forDomains("gpu:0/mig:1").start("3g");
            clock.advance(Duration.ofHours(2));
            whole.close();
            mig.close();

            CarbonFigure footprint = act.footprint().carbon();
            CarbonReport w = whole.report();
            CarbonFigure charged = w.embodiedTotal().orElseThrow();
            assertEquals(footprint.value().toGrams() * 2 / 43_800, charged.value().toGrams(), 1e-9);
            assertEquals(footprint.low().toGrams() * 2 / 43_800, charged.low().toGrams(), 1e-9);
            assertEquals(footprint.high().toGrams() * 2 / 43_800, charged.high().toGrams(), 1e-9);
            assertEquals("study", w.embodied().get(0).footprint().parameterSet());
            assertTrue(w.assumptions().stream().anyMatch(a -> a.name().startsWith("embodied footprint")),
                    w.assumptions().toString());

            CarbonFigure migCharged = mig.report().embodiedTotal().orElseThrow();
            assertEquals(charged.value().toGrams() * 3 / 7, migCharged.value().toGrams(), 1e-9);
        }
    }
}
