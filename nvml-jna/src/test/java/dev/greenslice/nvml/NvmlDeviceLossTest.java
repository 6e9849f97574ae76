package dev.greenslice.nvml;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.meter.CarbonMeter;
import dev.greenslice.carbon.meter.CarbonReport;
import dev.greenslice.carbon.meter.DomainEnergy;
import dev.greenslice.carbon.meter.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A GPU that falls off the bus in the middle of a metered window, through the simulated libnvidia-ml. */
class NvmlDeviceLossTest {

    @TempDir
    Path journal;

    @Test
    void theEnergyBeforeTheLossIsKeptMarkedPartialWithTheNvmlCode() {
        // 250 W; the 8th energy read from the reset answers GPU_IS_LOST, and every one after it.
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000")
                + SimulatedNvml.device("H100-SXM5-80GB", "power 0:500000")
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST device=0 call=8\n");
        MockClock clock = new MockClock();
        try (NvmlSensor sensor = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock)).build();
             CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                     .sampled(Duration.ofMillis(100)).sensor(sensor).build()) {
            meter.sampleNow();
            Measurement w = meter.start("inference");
            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofMillis(100));
                sim.simAdvanceMs(100);
                meter.sampleNow();
            }
            w.close();
            CarbonReport r = w.report();
            DomainEnergy lost = r.domain("gpu:0").orElseThrow();
            assertTrue(lost.isPartial(), lost.toString());
            assertTrue(lost.partialReason().orElseThrow().contains("NVML_ERROR_GPU_IS_LOST"), lost.toString());
            double joules = lost.energy().orElseThrow().joules();
            double intervals = joules / (250 * 0.1);
            assertTrue(joules > 0 && joules < 250 * 2.0, lost.toString());
            assertEquals(Math.rint(intervals), intervals, 1e-6, "whole 100 ms intervals at 250 W before the loss: " + joules);
            DomainEnergy other = r.domain("gpu:1").orElseThrow();
            assertFalse(other.isPartial());
            assertEquals(500 * 2.0, other.energy().orElseThrow().joules(), 1e-6);
            assertFalse(r.complete());
            assertEquals(joules + 1000, r.totalEnergy().joules(), 1e-6);
        }
    }

    @Test
    void inSynchronousModeTheEnergyUpToTheLastReadBeforeTheLossIsKeptMarkedPartial() {
        // 250 W on gpu:0; its energy counter answers GPU_IS_LOST from the read at the window's close on.
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000")
                + SimulatedNvml.device("H100-SXM5-80GB", "power 0:500000")
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST device=0 call=" + LOST_AT_CALL + "\n");
        MockClock clock = new MockClock();
        try (NvmlSensor sensor = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock)).build();
             CarbonMeter meter = CarbonMeter.builder().clock(clock).backgroundSampling(false)
                     .synchronous().sensor(sensor).build()) {
            Measurement w = meter.start("inference");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofMillis(100));
                sim.simAdvanceMs(100);
                meter.sampleNow();          // reads between the edges: the last is 0.5 s in
            }
            clock.advance(Duration.ofMillis(300));
            sim.simAdvanceMs(300);
            w.close();                      // the GPU is lost at this read, 0.8 s in
            CarbonReport r = w.report();
            DomainEnergy lost = r.domain("gpu:0").orElseThrow();
            assertTrue(lost.isPartial(), lost.toString());
            assertTrue(lost.partialReason().orElseThrow().contains("NVML_ERROR_GPU_IS_LOST"), lost.toString());
            assertTrue(lost.partialReason().orElseThrow().contains("first 500.0 ms of 800.0 ms"), lost.toString());
            assertEquals(250 * 0.5, lost.energy().orElseThrow().joules(), 1e-6);
            DomainEnergy other = r.domain("gpu:1").orElseThrow();
            assertFalse(other.isPartial());
            assertEquals(500 * 0.8, other.energy().orElseThrow().joules(), 1e-6);
            assertFalse(r.complete());
            assertEquals(250 * 0.5 + 500 * 0.8, r.totalEnergy().joules(), 1e-6);
        }
    }

    /** Energy reads of device 0 before the window closes: the sensor's probe, the meter's first tick, the start
     * edge and five ticks. */
    private static final int LOST_AT_CALL = 9;
}
