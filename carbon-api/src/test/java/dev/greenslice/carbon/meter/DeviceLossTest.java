package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.test.sensor.ScriptedSensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device lost in the middle of a window: the energy measured up to the loss is kept, marked partial. */
class DeviceLossTest {

    private static final String LOST = "nvmlDeviceGetTotalEnergyConsumption failed on gpu:0: NVML_ERROR_GPU_IS_LOST"
            + " (the GPU has fallen off the bus)";

    private final MockClock clock = new MockClock();

    private static void step(MockClock clock, CarbonMeter meter, int samples) {
        for (int i = 0; i < samples; i++) {
            clock.advance(Duration.ofMillis(100));
            meter.sampleNow();
        }
    }

    @Test
    void aGpuLostMidWindowKeepsItsEnergyUpToTheLossMarkedPartialWithTheNvmlCode() {
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300)
                .constantPower("cpu:package-0", 50);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sampled(Duration.ofMillis(100)).sensor(sensor).build()) {
            meter.sampleNow();
            Measurement w = meter.start("inference");
            step(clock, meter, 10);         // 1 s with the GPU at 300 W
            sensor.fail(0, LOST);
            step(clock, meter, 2);          // then the GPU is gone
            w.close();
            CarbonReport r = w.report();
            DomainEnergy gpu = r.domain("gpu:0").orElseThrow();
            assertTrue(gpu.isAvailable(), gpu.toString());
            assertEquals(300.0, gpu.energy().orElseThrow().joules(), 1e-9, "the second before the loss");
            assertTrue(gpu.isPartial(), gpu.toString());
            assertTrue(gpu.partialReason().orElseThrow().contains("NVML_ERROR_GPU_IS_LOST"), gpu.toString());
            assertTrue(gpu.partialReason().orElseThrow().contains("1.000 s"), gpu.toString());
            assertFalse(r.complete(), "a partial root makes the report incomplete");
            assertEquals(300.0 + 50 * 1.2, r.totalEnergy().joules(), 1e-9);
            assertTrue(r.warnings().stream().anyMatch(x -> x.contains("gpu:0") && x.contains("partial")), r.warnings().toString());
            String json = r.toJson();
            assertTrue(json.contains("\"partial\":true") || json.contains("\"partial\": true"), json);
            assertTrue(json.contains("GPU_IS_LOST"), json);
            assertTrue(r.toString().contains("partial"), r.toString());
            DomainEnergy cpu = r.domain("cpu:package-0").orElseThrow();
            assertFalse(cpu.isPartial());
        }
    }

    @Test
    void aDeviceLostBeforeTheWindowStartedIsUnavailableNotPartial() {
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sampled(Duration.ofMillis(100)).sensor(sensor).build()) {
            meter.sampleNow();
            sensor.fail(0, LOST);
            step(clock, meter, 1);
            Measurement w = meter.start("late");
            step(clock, meter, 3);
            w.close();
            DomainEnergy gpu = w.report().domain("gpu:0").orElseThrow();
            assertFalse(gpu.isAvailable(), gpu.toString());
            assertTrue(gpu.unavailableReason().orElseThrow().contains("GPU_IS_LOST"), gpu.toString());
        }
    }

    @Test
    void aDeviceThatComesBackInTheSameSeriesIsCompleteAgain() {
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .sampled(Duration.ofMillis(100)).sensor(sensor).build()) {
            meter.sampleNow();
            Measurement w = meter.start("blip");
            step(clock, meter, 2);
            sensor.fail(0, "transient read failure");
            step(clock, meter, 1);
            sensor.fail(0, null);
            step(clock, meter, 2);
            w.close();
            DomainEnergy gpu = w.report().domain("gpu:0").orElseThrow();
            assertEquals(150.0, gpu.energy().orElseThrow().joules(), 1e-9);
            assertFalse(gpu.isPartial(), "the edges were read: the counter covers the gap");
        }
    }

    @Test
    void synchronousModeKeepsTheEnergyUpToTheLastReadBeforeTheLoss() {
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300)
                .constantPower("cpu:package-0", 50);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .synchronous().sensor(sensor).build()) {
            Measurement w = meter.start("inference");
            clock.advance(Duration.ofMillis(400));
            meter.start("other").close();      // another window's edge reads the GPU 0.4 s in
            clock.advance(Duration.ofMillis(300));
            meter.sampleNow();                  // and a tick 0.7 s in: the last good reading
            clock.advance(Duration.ofMillis(100));
            sensor.fail(0, LOST);
            clock.advance(Duration.ofMillis(200));
            w.close();                          // the end edge finds the GPU gone, 1 s in
            CarbonReport r = w.report();
            DomainEnergy gpu = r.domain("gpu:0").orElseThrow();
            assertTrue(gpu.isAvailable(), gpu.toString());
            assertTrue(gpu.isPartial(), gpu.toString());
            assertEquals(300 * 0.7, gpu.energy().orElseThrow().joules(), 1e-9, "measured up to the last read");
            assertTrue(gpu.partialReason().orElseThrow().contains("NVML_ERROR_GPU_IS_LOST"), gpu.toString());
            assertTrue(gpu.partialReason().orElseThrow().contains("first 700.0 ms of 1.000 s"), gpu.toString());
            assertFalse(r.complete());
            assertEquals(300 * 0.7 + 50 * 1.0, r.totalEnergy().joules(), 1e-9);
            assertTrue(r.toJson().contains("\"partial\":true"), r.toJson());
        }
    }

    @Test
    void withNoReadBetweenTheEdgesBeforeTheLossTheDomainIsUnavailableNotAPartialZero() {
        for (boolean synchronous : new boolean[] {true, false}) {
            ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300);
            CarbonMeterBuilder b = CarbonMeter.builder().clock(clock).backgroundSampling(false).sensor(sensor);
            try (CarbonMeter meter = synchronous ? b.synchronous().build() : b.sampled(Duration.ofMillis(100)).build()) {
                clock.advance(Duration.ofMillis(50));
                Measurement w = meter.start("inference");
                clock.advance(Duration.ofMillis(500));
                sensor.fail(0, LOST);
                meter.sampleNow();
                w.close();
                DomainEnergy gpu = w.report().domain("gpu:0").orElseThrow();
                assertFalse(gpu.isAvailable(), (synchronous ? "synchronous: " : "sampled: ") + gpu);
                assertTrue(gpu.unavailableReason().orElseThrow().contains("GPU_IS_LOST"), gpu.toString());
            }
        }
    }

    @Test
    void synchronousModeDoesNotReachAcrossASeriesBreakOrADeviceLostBeforeTheStart() {
        ScriptedSensor sensor = new ScriptedSensor("scripted", clock).constantPower("gpu:0", 300);
        try (CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                .synchronous().sensor(sensor).build()) {
            sensor.fail(0, LOST);
            Measurement w = meter.start("late");
            clock.advance(Duration.ofMillis(500));
            w.close();
            DomainEnergy gpu = w.report().domain("gpu:0").orElseThrow();
            assertFalse(gpu.isAvailable(), "lost before the start: nothing was measured in the window");
            assertTrue(gpu.unavailableReason().orElseThrow().contains("GPU_IS_LOST"), gpu.toString());
        }
    }
}
