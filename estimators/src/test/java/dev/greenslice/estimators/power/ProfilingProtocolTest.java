package dev.greenslice.estimators.power;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.sim.SimulatedGpu;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol on the simulated A100. The simulation's co-location rule is the decomposed estimator's, so
 * recovering its parameters checks the protocol's runs and algebra under measurement noise — not the rule.
 */
class ProfilingProtocolTest {

    private static final int CLOCK = 960;

    @Test
    void recoversBaselineWakeUpAndOwnPowerFromNoisySamples() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(clock).powerNoise(0.01, 42).build()) {
            ProfilingProtocol protocol = ProfilingProtocol.builder(gpu, gpu.profilingLoad(), gpu.geometry())
                    .clock(clock).measurement(ProfilingProtocol.Measurement.POWER_SAMPLES).repeats(4)
                    .devicePower(EnerTuneA100.devicePower()).build();
            List<ProfilingProtocol.Target> targets = List.of(
                    new ProfilingProtocol.Target("resnet152", 8, 10),
                    new ProfilingProtocol.Target("gpt", 1, 20),
                    new ProfilingProtocol.Target("whisper", 4, 20));
            ProtocolResult r = protocol.run(CLOCK, targets);

            double base = EnerTuneA100.devicePower().baseline(CLOCK).watts();
            assertEquals(base, r.baseline().watts(), 0.5);
            for (ProfilingProtocol.Target t : targets) {
                ModelProfile p = EnerTuneA100.profiles().profile(t.model());
                ProtocolResult.ModelCalibration c = r.model(t.model());
                double wake = PowerDecomposition.of(p, new ModelPlacement(t.model(), t.batchSize(), p.slices().last()),
                        CLOCK).wakeUp().watts();
                assertEquals(wake, c.wakeUp().watts(), 1.0, t.model() + " wake-up");
                for (var e : c.ownBySlices().entrySet()) {
                    double dyn = p.require(t.batchSize(), e.getKey(), CLOCK).dynamicPower().watts();
                    assertEquals(dyn - wake, e.getValue().watts(), 1.0, t.model() + " on " + e.getKey() + " slices");
                }
            }
            assertEquals(2, r.model("gpt").pairSlices());
            assertEquals(1, r.model("resnet152").pairSlices());
            assertTrue(r.rmsResidualWatts() > 0.05 && r.rmsResidualWatts() < 1.5, "residual " + r.rmsResidualWatts());
            assertEquals(r.samples(), 4 * r.runs());
            // Settling plus windows, per configuration, on the simulated clock.
            assertEquals(Duration.ofSeconds(r.runs() * (5 + 4 * 10L)), r.profilingTime());
            assertTrue(r.studyIdleAuxiliary().isPresent());
            System.out.println("protocol at " + CLOCK + " MHz: " + r.runs() + " runs, " + r.samples()
                    + " samples, residual " + r.rmsResidualWatts() + " W, profiling time " + r.profilingTime());
        }
    }

    @Test
    void theCalibratedEstimatorPredictsTheSimulatedCoLocatedPower() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.a100(clock)) {
            ProtocolResult r = ProfilingProtocol.builder(gpu, gpu.profilingLoad(), gpu.geometry()).clock(clock)
                    .repeats(1).build()
                    .run(CLOCK, List.of(new ProfilingProtocol.Target("resnet50", 8, 20),
                            new ProfilingProtocol.Target("vgg19", 8, 20)));
            assertTrue(r.rmsResidualWatts() < 1e-6, "exact counter, exact fit: " + r.rmsResidualWatts());
            MigLayout layout = MigLayout.parse(gpu.geometry(), "4g@0,3g@4");
            gpu.applyMigLayout(layout, true);
            gpu.lockSmClock(CLOCK, CLOCK);
            gpu.startServing(layout.instances().get(0), "resnet50", 8);
            gpu.startServing(layout.instances().get(1), "vgg19", 8);
            double measured = gpu.power().watts();
            double predicted = r.estimator().estimate(CLOCK, List.of(new ModelPlacement("resnet50", 8, 4),
                    new ModelPlacement("vgg19", 8, 3))).total().watts();
            assertEquals(measured, predicted, 1e-6);
            assertThrows(IllegalArgumentException.class, () -> r.estimator().estimate(1410,
                    List.of(new ModelPlacement("resnet50", 8, 4))));
        }
    }

    @Test
    void aHostWithoutPrivilegeGetsTheDevicesReasonAndNoLoadIsLeftRunning() {
        MockClock clock = new MockClock();
        try (SimulatedGpu gpu = SimulatedGpu.builder().clock(clock).denyClockControl().build()) {
            GpuDeviceException e = assertThrows(GpuDeviceException.class, () -> ProfilingProtocol
                    .builder(gpu, gpu.profilingLoad(), gpu.geometry()).clock(clock).build()
                    .run(CLOCK, List.of(new ProfilingProtocol.Target("resnet50", 8, 20))));
            assertEquals(GpuDeviceException.Reason.NO_PERMISSION, e.reason());
            assertTrue(gpu.running().isEmpty());
        }
    }
}
