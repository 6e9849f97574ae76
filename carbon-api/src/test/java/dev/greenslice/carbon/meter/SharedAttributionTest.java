package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared attribution charges each window the energy of the time it was open, split by overlap, and nothing else. */
class SharedAttributionTest {

    private final MockClock clock = new MockClock();

    private CarbonMeter meter(boolean synchronous) {
        CarbonMeterBuilder b = CarbonMeter.builder().clock(clock).backgroundSampling(false).attributeSharedEnergy()
                .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100));
        return synchronous ? b.synchronous().build() : b.sampled(Duration.ofMillis(100)).build();
    }

    private void to(long ms) {
        clock.advanceNanos(ms * 1_000_000L - clock.monotonicNanos());
    }

    @Test
    void aWindowInsideOneIntervalIsChargedOnlyItsOwnTime() {
        for (boolean sync : new boolean[] {false, true}) {
            try (CarbonMeter meter = meter(sync)) {
                long base = clock.monotonicNanos() / 1_000_000L;
                to(base + 50);
                Measurement w = meter.start("w");
                to(base + 60);
                w.close();
                to(base + 100);
                meter.sampleNow();
                assertEquals(1.0, w.report().totalEnergy().joules(), 1e-9, "sync=" + sync + ": 100 W for 10 ms");
                MeterTotals t = meter.totals();
                assertEquals(10.0, t.totalEnergy().joules(), 1e-9);
                assertEquals(9.0, t.unattributedEnergy().orElseThrow().joules(), 1e-9,
                        "the 90 ms with no window open are unattributed");
                assertEquals(9.0, t.domain("gpu:0").orElseThrow().unattributed().orElseThrow().joules(), 1e-9);
            }
        }
    }

    @Test
    void overlappingWindowsSplitTheOverlapAndNothingElse() {
        for (boolean sync : new boolean[] {false, true}) {
            try (CarbonMeter meter = meter(sync)) {
                long base = clock.monotonicNanos() / 1_000_000L;
                to(base + 50);
                Measurement a = meter.start("A");
                to(base + 55);
                Measurement b = meter.start("B");
                to(base + 60);
                a.close();
                to(base + 75);
                b.close();
                to(base + 100);
                meter.sampleNow();
                to(base + 120);
                Measurement c = meter.start("C");
                to(base + 130);
                c.close();
                to(base + 200);
                meter.sampleNow();
                assertEquals(0.75, a.report().totalEnergy().joules(), 1e-9, "sync=" + sync);
                assertEquals(1.75, b.report().totalEnergy().joules(), 1e-9, "sync=" + sync);
                assertEquals(1.00, c.report().totalEnergy().joules(), 1e-9, "sync=" + sync);
                MeterTotals t = meter.totals();
                assertEquals(20.0, t.totalEnergy().joules(), 1e-9);
                assertEquals(16.5, t.unattributedEnergy().orElseThrow().joules(), 1e-9);
                assertTrue(t.toJson().contains("\"unattributedEnergyJoules\":16.5"), t.toJson());
            }
        }
    }

    @Test
    void aWindowReportedBeforeTheNextSampleTakesOne() {
        try (CarbonMeter meter = meter(false)) {
            to(50);
            Measurement w = meter.start("w");
            to(60);
            w.close();
            to(70);
            assertEquals(1.0, w.report().totalEnergy().joules(), 1e-9);
            assertEquals(6.0, meter.totals().unattributedEnergy().orElseThrow().joules(), 1e-9, "0-50 and 60-70 ms");
        }
    }

    @Test
    void deviceTotalAttributionHasNoUnattributedFigure() {
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sensor(new ScriptedSensor("s", clock).constantPower("gpu:0", 100)).build()) {
            to(50);
            Measurement w = meter.start("w");
            to(60);
            w.close();
            to(100);
            meter.sampleNow();
            assertEquals(1.0, w.report().totalEnergy().joules(), 1e-9);
            MeterTotals t = meter.totals();
            assertTrue(t.unattributedEnergy().isEmpty());
            assertTrue(t.domain("gpu:0").orElseThrow().unattributed().isEmpty());
            assertFalse(t.toJson().contains("unattributed"), t.toJson());
        }
    }

    @Test
    void windowsOfAViewShareOnlyTheirDomains() {
        ScriptedSensor s = new ScriptedSensor("s", clock).constantPower("gpu:0", 100).constantPower("gpu:1", 200);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false).attributeSharedEnergy()
                .sampled(Duration.ofMillis(100)).sensor(s).build()) {
            CarbonMeter gpu1 = meter.forDomains("gpu:1");
            to(0);
            Measurement all = meter.start("all");
            Measurement one = gpu1.start("gpu1");
            to(100);
            all.close();
            one.close();
            meter.sampleNow();
            assertEquals(10.0, all.report().energyOf("gpu:0").orElseThrow().joules(), 1e-9, "alone on gpu:0");
            assertEquals(10.0, all.report().energyOf("gpu:1").orElseThrow().joules(), 1e-9, "half of gpu:1");
            assertEquals(10.0, one.report().energyOf("gpu:1").orElseThrow().joules(), 1e-9, "half of gpu:1");
            assertTrue(one.report().energyOf("gpu:0").isEmpty());
            assertEquals(0.0, meter.totals().unattributedEnergy().orElseThrow().joules(), 1e-12);
        }
    }
}
