package dev.greenslice.estimators.sim;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuDeviceSensor;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.sensor.SensorReadout;
import dev.greenslice.estimators.power.PowerDecomposition;
import dev.greenslice.estimators.power.PowerEstimators;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ProfilePoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

class SimulatedGpuTest {

    private static double baseline(int clock) {
        return EnerTuneA100.devicePower().baseline(clock).watts();
    }

    @Test
    void idleBoardDrawsItsBaselineAndEnergyIntegratesIt() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            assertEquals(1410, gpu.smClockMhz());
            assertEquals(baseline(1410), gpu.power().watts(), 1e-9);
            gpu.elapse(Duration.ofSeconds(10));
            gpu.lockSmClock(960, 960);
            gpu.elapse(Duration.ofSeconds(5));
            assertEquals(10 * baseline(1410) + 5 * baseline(960), gpu.totalEnergy().orElseThrow().joules(), 1e-6);
            assertEquals(Duration.ofSeconds(15).toNanos(), clock.monotonicNanos());
        }
    }

    @Test
    void servingABatchTakesItsProfiledLatencyAndDrawsItsBoardPower() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            gpu.lockSmClock(1140, 1140);
            ProfilePoint p = EnerTuneA100.profiles().profile("whisper").require(8, 7, 1140);
            Duration latency = gpu.serve("whisper", 8);
            assertEquals(p.latencyMs(), latency.toNanos() / 1e6, 1e-6);
            assertEquals(latency.toNanos(), clock.monotonicNanos());
            double expected = (baseline(1140) + p.dynamicPower().watts()) * p.latencyMs() / 1000;
            assertEquals(expected, gpu.totalEnergy().orElseThrow().joules(), 1e-6);
        }
    }

    @Test
    void coLocatedModelsKeepTheirIsolatedLatencyAndPowerFollowsTheRule() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            gpu.lockSmClock(960, 960);
            MigLayout layout = MigLayout.parse(gpu.geometry(), "4g@0,3g@4");
            gpu.applyMigLayout(layout, false);
            MigInstance four = layout.instances().get(0);
            MigInstance three = layout.instances().get(1);
            List<Duration> lat = gpu.serveTogether(List.of(new SimulatedGpu.Batch(four, "diffusion_256_256", 1),
                    new SimulatedGpu.Batch(three, "gpt", 1)));
            ProfilePoint d = EnerTuneA100.profiles().profile("diffusion_256_256").require(1, 4, 960);
            ProfilePoint g = EnerTuneA100.profiles().profile("gpt").require(1, 3, 960);
            assertEquals(d.latencyMs(), lat.get(0).toNanos() / 1e6, 1e-6);
            assertEquals(g.latencyMs(), lat.get(1).toNanos() / 1e6, 1e-6);
            // Energy: both run until the shorter finishes, then the longer alone.
            // The documented law, recomputed here: 1.6-norm of the auxiliary parts, interference 0.25 · a / dyn.
            PowerDecomposition dd = PowerDecomposition.of(EnerTuneA100.profiles().profile("diffusion_256_256"),
                    new ModelPlacement("diffusion_256_256", 1, 4), 960);
            PowerDecomposition gd = PowerDecomposition.of(EnerTuneA100.profiles().profile("gpt"),
                    new ModelPlacement("gpt", 1, 3), 960);
            double ad = dd.sliceIndependent().watts();
            double ag = gd.sliceIndependent().watts();
            double both = baseline(960) + Math.pow(Math.pow(ad, 1.6) + Math.pow(ag, 1.6), 1 / 1.6)
                    + dd.compute().watts() * (1 - 0.25 * ad / dd.dynamic().watts() * 3 / 7.0)
                    + gd.compute().watts() * (1 - 0.25 * ag / gd.dynamic().watts() * 4 / 7.0);
            assertEquals(both, gpu.boardPower(960, List.of(new ModelPlacement("diffusion_256_256", 1, 4),
                    new ModelPlacement("gpt", 1, 3))).watts(), 1e-9);
            assertTrue(Math.abs(both - PowerEstimators.embedded().estimate(960, List.of(
                    new ModelPlacement("diffusion_256_256", 1, 4), new ModelPlacement("gpt", 1, 3))).total().watts())
                    > 1.0, "the simulator's law is not the estimator");
            double shorter = Math.min(d.latencyMs(), g.latencyMs()) / 1000;
            double longer = Math.max(d.latencyMs(), g.latencyMs()) / 1000;
            double alone = baseline(960) + g.dynamicPower().watts();
            assertEquals(both * shorter + alone * (longer - shorter), gpu.totalEnergy().orElseThrow().joules(), 1e-6);
        }
    }

    @Test
    void latencyOnAnInstanceDoesNotDependOnItsNeighbours() {
        List<String> models = List.of("resnet152", "vgg11", "mobilenet_v3_large", "resnet152");
        qt().withExamples(40).forAll(integers().between(0, 3), integers().between(0, 3), integers().between(0, 14))
                .checkAssert((a, b, c) -> {
                    MockClock clock = new MockClock();
                    try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
                        int f = EnerTuneA100.devicePower().clocksMhz().get(c);
                        gpu.lockSmClock(f, f);
                        MigLayout layout = MigLayout.parse(gpu.geometry(), "3g@0,2g@4,1g@6");
                        gpu.applyMigLayout(layout, false);
                        MigInstance x = layout.instances().get(0);
                        MigInstance y = layout.instances().get(1);
                        Duration alone = gpu.serve(x, models.get(a), 4);
                        gpu.startServing(layout.instances().get(2), models.get(b), 2);
                        List<Duration> together = gpu.serveTogether(List.of(new SimulatedGpu.Batch(x, models.get(a), 4),
                                new SimulatedGpu.Batch(y, models.get(b), 8)));
                        assertEquals(alone, together.get(0));
                        assertEquals(gpu.latencyOf(y, models.get(b), 8), together.get(1));
                    }
                });
    }

    @Test
    void layoutsAreValidatedAgainstThePlacementTable() {
        try (SimulatedGpu gpu = SimulatedGpu.a100(new MockClock())) {
            assertFalse(gpu.isMigEnabled());
            MigLayout bad = new MigLayout(gpu.geometry(), List.of(
                    MigInstance.of(gpu.geometry().resolve("4g"), 0), MigInstance.of(gpu.geometry().resolve("3g"), 0)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.applyMigLayout(bad, false));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
            assertFalse(gpu.isMigEnabled(), "a refused layout changed the device");
            MigLayout ok = MigLayout.parse(gpu.geometry(), "4g@0,3g@4");
            gpu.applyMigLayout(ok, false);
            assertTrue(gpu.isMigEnabled());
            assertEquals(ok.toString(), gpu.migLayout().toString());
            GpuDeviceException wrong = assertThrows(GpuDeviceException.class,
                    () -> gpu.serve(MigInstance.of(gpu.geometry().resolve("2g"), 0), "resnet152", 1));
            assertTrue(wrong.getMessage().contains("not in the current layout"), wrong.getMessage());
        }
    }

    @Test
    void changingTheLayoutUnderLoadNeedsForceAndCloseRestores() {
        try (SimulatedGpu gpu = SimulatedGpu.a100(new MockClock())) {
            MigLayout ok = MigLayout.parse(gpu.geometry(), "4g@0,3g@4");
            gpu.applyMigLayout(ok, false);
            gpu.lockSmClock(600, 700);
            assertEquals(690, gpu.smClockMhz());
            gpu.startServing(ok.instances().get(1), "vgg19", 2);
            GpuDeviceException busy = assertThrows(GpuDeviceException.class,
                    () -> gpu.applyMigLayout(MigLayout.parse(gpu.geometry(), "7g@0"), false));
            assertEquals(GpuDeviceException.Reason.IN_USE, busy.reason());
            gpu.applyMigLayout(MigLayout.parse(gpu.geometry(), "7g@0"), true);
            assertTrue(gpu.running().isEmpty());
            gpu.close();
            gpu.close();
            GpuDeviceException closed = assertThrows(GpuDeviceException.class, gpu::power);
            assertEquals(GpuDeviceException.Reason.UNAVAILABLE, closed.reason());
        }
    }

    @Test
    void closeRestoresClockAndMigMode() {
        SimulatedGpu gpu = SimulatedGpu.a100(new MockClock());
        String before = gpu.state();
        gpu.lockSmClock(210, 210);
        gpu.applyMigLayout(MigLayout.parse(gpu.geometry(), "7g@0"), false);
        gpu.applyMigLayout(MigLayout.parse(gpu.geometry(), "3g@0,3g@4"), false);
        assertEquals("210 MHz, MIG 3g.40gb@0,3g.40gb@4", gpu.state());
        gpu.close();
        assertEquals(before, gpu.state());
        assertEquals("1410 MHz, MIG disabled", before);
    }

    @Test
    void unsupportedClocksDeniedPrivilegesAndMemoryAreClearErrors() {
        try (SimulatedGpu gpu = SimulatedGpu.a100(new MockClock())) {
            GpuDeviceException clock = assertThrows(GpuDeviceException.class, () -> gpu.lockSmClock(1500, 1600));
            assertEquals(GpuDeviceException.Reason.INVALID_ARGUMENT, clock.reason());
            assertTrue(clock.getMessage().contains("supported: [1410"), clock.getMessage());
            gpu.applyMigLayout(MigLayout.parse(gpu.geometry(), "1g@0"), false);
            GpuDeviceException memory = assertThrows(GpuDeviceException.class,
                    () -> gpu.serve(gpu.migLayout().instances().get(0), "gpt", 1));
            assertEquals(GpuDeviceException.Reason.INSUFFICIENT_RESOURCES, memory.reason());
            GpuDeviceException model = assertThrows(GpuDeviceException.class,
                    () -> gpu.serve(gpu.migLayout().instances().get(0), "llama", 1));
            assertTrue(model.getMessage().contains("known models"), model.getMessage());
        }
        try (SimulatedGpu locked = SimulatedGpu.builder().clock(new MockClock()).denyClockControl().denyMigControl().build()) {
            GpuDeviceException e = assertThrows(GpuDeviceException.class, () -> locked.lockSmClock(960, 960));
            assertEquals(GpuDeviceException.Reason.NO_PERMISSION, e.reason());
            assertTrue(e.getMessage().contains("root"), e.getMessage());
            assertEquals(GpuDeviceException.Reason.NO_PERMISSION, assertThrows(GpuDeviceException.class,
                    () -> locked.applyMigLayout(MigLayout.parse(locked.geometry(), "7g@0"), false)).reason());
        }
    }

    @Test
    void aSensorOverTheSimulatedGpuReadsItsEnergyCounter() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock); GpuDeviceSensor sensor = GpuDeviceSensor.of(List.of(gpu))) {
            SensorReadout r = new SensorReadout(sensor.domains());
            sensor.read(r);
            assertEquals(0.0, r.value(0), 1e-12);
            gpu.startServing(null, "vgg11", 32);
            gpu.elapse(Duration.ofSeconds(2));
            sensor.read(r);
            double board = baseline(1410) + EnerTuneA100.profiles().profile("vgg11").require(32, 7, 1410).dynamicPower().watts();
            assertEquals(2 * board, r.value(0), 1e-6);
            gpu.close();
            sensor.read(r);
            assertFalse(r.isAvailable(0));
        }
    }

    @Test
    void theClocksCapabilityNotItsTypeDecidesSimulatedTime() {
        // A clock that is not a MockClock but whose time moves only when told: the GPU advances it through sleep.
        MockClock inner = new MockClock();
        Clock manual = new Clock() {
            @Override
            public long monotonicNanos() {
                return inner.monotonicNanos();
            }

            @Override
            public java.time.Instant wallTime() {
                return inner.wallTime();
            }

            @Override
            public boolean advancesByItself() {
                return false;
            }

            @Override
            public void sleep(Duration duration) {
                inner.advance(duration);
            }
        };
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(manual).build()) {
            assertTrue(gpu.isSimulatedTime());
            Duration latency = gpu.serve("mobilenet_v3_large", 2);
            assertEquals(latency.toNanos(), inner.monotonicNanos(), "serving did not let the batch's latency pass");
            assertTrue(gpu.totalEnergy().orElseThrow().joules() > 0);
        }
    }

    @Test
    void wallTimeServingBlocksForTheLatency() {
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(Clock.system()).build()) {
            assertFalse(gpu.isSimulatedTime());
            long t0 = System.nanoTime();
            Duration latency = gpu.serve("mobilenet_v3_large", 2);
            long took = System.nanoTime() - t0;
            assertTrue(took >= latency.toNanos(), "took " + took + " ns for a " + latency + " batch");
            assertTrue(gpu.totalEnergy().orElseThrow().joules() > 0);
        }
    }

    @Test
    void powerNoiseIsReproducibleAndTheCounterStaysExact() {
        MockClock c1 = new MockClock();
        MockClock c2 = new MockClock();
        try (SimulatedGpu a = SimulatedGpu.builder().clock(c1).powerNoise(0.05, 7).build();
             SimulatedGpu b = SimulatedGpu.builder().clock(c2).powerNoise(0.05, 7).build()) {
            double first = a.power().watts();
            assertEquals(first, b.power().watts());
            assertTrue(Math.abs(first - baseline(1410)) > 1e-9);
            a.elapse(Duration.ofSeconds(1));
            assertEquals(baseline(1410), a.totalEnergy().orElseThrow().joules(), 1e-9);
        }
    }
}
