package dev.greenslice.nvml;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the NVML sensor reports: board counters, power fallback, and MIG energy apportioned by a stated rule. */
class NvmlSensorTest {

    @TempDir
    Path journal;

    private static final String MIG_A100 = SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000",
            "energy_start 0", "mig enabled", "gi 4g.40gb@0", "gi 3g.40gb@4");

    private static SensorReadout read(NvmlSensor s) {
        SensorReadout r = new SensorReadout(s.domains());
        s.read(r);
        return r;
    }

    @Test
    void boardsAreCountersAndMigInstancesGetTheirComputeSliceShare() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(MIG_A100);
        try (NvmlSensor s = NvmlSensors.allGpus(SimulatedNvml.options(journal))) {
            List<SensorDomain> d = s.domains();
            assertEquals(List.of("gpu:0", "gpu:0/mig:1", "gpu:0/mig:2"), d.stream().map(SensorDomain::id).toList());
            assertEquals(ReadingKind.HARDWARE_ENERGY_COUNTER, d.get(0).kind());
            assertTrue(d.get(0).isRoot());
            SensorDomain fourG = d.get(1);
            assertEquals(ReadingKind.APPORTIONED_ENERGY, fourG.kind());
            assertEquals("gpu:0", fourG.parent());
            assertEquals(4.0 / 7, fourG.resourceShare(), 1e-12);
            assertTrue(fourG.description().contains("MIG 4g.40gb"), fourG.description());
            assertTrue(fourG.description().contains("board energy x 4/7 (share of compute slices)"), fourG.description());
            assertEquals(3.0 / 7, d.get(2).resourceShare(), 1e-12);
            assertTrue(s.assumptions().stream().anyMatch(a -> a.name().equals("MIG energy of gpu:0/mig:2")
                    && a.value().contains("3/7")), s.assumptions().toString());
            assertEquals(Duration.ofMillis(100), s.updatePeriod());

            SensorReadout first = read(s);
            assertEquals(0.0, first.value(0), 1e-9);
            sim.simAdvanceMs(2000);
            SensorReadout second = read(s);
            assertEquals(500.0, second.value(0), 1e-9, "250 W for 2 s");
            assertEquals(500.0 * 4 / 7, second.value(1), 1e-9);
            assertEquals(500.0 * 3 / 7, second.value(2), 1e-9);
            assertEquals(second.value(0), second.value(1) + second.value(2), 1e-9,
                    "the instances split the board; the board is counted once, as their parent");
        }
    }

    @Test
    void aGpuWithoutCounterIsReadAsPowerAndItsInstancesIntegrateIt() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-40GB", "energy_counter no",
                "power 0:100000 1000:300000", "mig enabled", "gi 7g.40gb@0"));
        MockClock clock = new MockClock();
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                .powerSamplingPeriod(Duration.ofMillis(200)).build()) {
            assertEquals(ReadingKind.POWER_SAMPLE, s.domains().get(0).kind());
            assertTrue(s.domains().get(0).description().contains("sampled every 200 ms"), s.domains().get(0).description());
            assertEquals(Duration.ofMillis(200), s.maximumSamplingPeriod());
            assertEquals(100.0, read(s).value(0), 1e-9);
            sim.simAdvanceMs(1000);
            clock.advance(Duration.ofSeconds(1));
            SensorReadout r = read(s);
            assertEquals(300.0, r.value(0), 1e-9);
            assertEquals(200.0, r.value(1), 1e-9, "7/7 of the trapezoid (100 W + 300 W) / 2 x 1 s");
        }
    }

    @Test
    void byDefaultOnePowerSampleASecondAsInTheStudy() {
        SimulatedNvml.reset(SimulatedNvml.device("V100-SXM2-16GB", "energy_counter no"));
        try (NvmlSensor s = NvmlSensors.allGpus(SimulatedNvml.options(journal))) {
            assertEquals(Duration.ofSeconds(1), s.maximumSamplingPeriod());
        }
    }

    /** An estimator that attributes fixed watts to each model, plus a shared static term split evenly. */
    private static final class FixedEstimator implements PowerEstimator {
        private final Map<String, Double> watts;
        int calls;

        FixedEstimator(Map<String, Double> watts) {
            this.watts = watts;
        }

        @Override
        public String method() {
            return "fixed";
        }

        @Override
        public PowerEstimate estimate(int clockMhz, List<ModelPlacement> models) {
            calls++;
            double shared = clockMhz / 10.0;
            List<Power> per = new ArrayList<>();
            List<PowerTerm> terms = new ArrayList<>();
            terms.add(new PowerTerm("static", "", Power.ofWatts(shared), "half each"));
            double total = shared;
            for (ModelPlacement m : models) {
                double w = watts.get(m.model());
                per.add(Power.ofWatts(w + shared / models.size()));
                terms.add(new PowerTerm("compute", m.model(), Power.ofWatts(w), "fixed"));
                total += w;
            }
            return PowerEstimate.builder().method("fixed").clockMhz(clockMhz).placements(models)
                    .total(Power.ofWatts(total)).terms(terms).perPlacement(per).build();
        }
    }

    @Test
    void anEstimatorApportionsByWhatItAttributesToEachModelAtTheCurrentClock() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(MIG_A100);
        FixedEstimator est = new FixedEstimator(Map.of("gpt", 100.0, "whisper", 20.0));
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal))
                .apportionBy(est, Map.of("gpu:0/mig:1", new ModelPlacement("gpt", 1, 4),
                        "gpu:0/mig:2", new ModelPlacement("whisper", 1, 3))).build()) {
            assertTrue(s.domains().get(1).description().contains("'fixed' power estimator"), s.domains().get(1).description());
            assertEquals(Duration.ofSeconds(1), s.maximumSamplingPeriod(), "shares follow the clock");
            read(s);
            sim.simAdvanceMs(1000);
            SensorReadout r = read(s);
            // at 1410 MHz: shared 141 W, gpt 100 + 70.5, whisper 20 + 70.5, total 261 W
            assertEquals(250.0 * 170.5 / 261, r.value(1), 1e-9);
            assertEquals(250.0 * 90.5 / 261, r.value(2), 1e-9);
            read(s);
            assertEquals(1, est.calls, "the estimate is cached while the clock stays");
        }
    }

    @Test
    void anEstimatorMappingMustCoverEveryInstanceWithItsOwnSlices() {
        SimulatedNvml.reset(MIG_A100);
        FixedEstimator est = new FixedEstimator(Map.of("gpt", 100.0));
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> NvmlSensors.builder().options(SimulatedNvml.options(journal))
                        .apportionBy(est, Map.of("gpu:0/mig:1", new ModelPlacement("gpt", 1, 4))).build());
        assertTrue(partial.getMessage().contains("[gpu:0/mig:2]"), partial.getMessage());
        IllegalArgumentException slices = assertThrows(IllegalArgumentException.class,
                () -> NvmlSensors.builder().options(SimulatedNvml.options(journal))
                        .apportionBy(est, Map.of("gpu:0/mig:1", new ModelPlacement("gpt", 1, 2),
                                "gpu:0/mig:2", new ModelPlacement("gpt", 1, 3))).build());
        assertTrue(slices.getMessage().contains("says 2 slices"), slices.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NvmlSensors.builder().options(SimulatedNvml.options(journal))
                        .apportionBy(est, Map.of("gpu:3/mig:1", new ModelPlacement("gpt", 1, 2))).build());
        assertTrue(unknown.getMessage().contains("not MIG domains of this sensor"), unknown.getMessage());
        assertEquals(0, SimulatedNvml.hooks().simInitCount(), "failed builds closed their devices");
    }

    @Test
    void aFaultyGpuReadsUnavailableWithTheReasonAndTheOthersGoOn() {
        SimulatedNvml.reset(MIG_A100 + SimulatedNvml.device("H100-SXM5-80GB", "power 0:500000")
                + "error nvmlDeviceGetTotalEnergyConsumption GPU_IS_LOST device=0 call=3\n");
        try (NvmlSensor s = NvmlSensors.allGpus(SimulatedNvml.options(journal))) {
            read(s);
            SensorReadout r = read(s);
            assertFalse(r.isAvailable(0));
            assertTrue(r.failure(0).contains("NVML_ERROR_GPU_IS_LOST"), r.failure(0));
            assertTrue(r.failure(0).contains("gpu:0"), r.failure(0));
            assertFalse(r.isAvailable(1));
            assertTrue(r.failure(1).contains("could not be read"), r.failure(1));
            assertTrue(r.isAvailable(3), "gpu:1 is unaffected");
        }
    }

    @Test
    void anInstanceDestroyedAfterwardsReadsUnavailable() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(MIG_A100);
        MockClock clock = new MockClock();
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock)).build();
             Nvml nvml = Nvml.open(SimulatedNvml.options(journal));
             NvmlDevice gpu = nvml.device(0)) {
            read(s);
            int threeG = gpu.mig().gpuInstances().get(1).id();
            gpu.mig().destroyComputeInstance(threeG, gpu.mig().computeInstances(threeG).get(0).id());
            gpu.mig().destroyGpuInstance(threeG);
            clock.advance(Duration.ofSeconds(6));
            sim.simAdvanceMs(1000);
            SensorReadout r = read(s);
            assertTrue(r.isAvailable(1));
            assertFalse(r.isAvailable(2));
            assertTrue(r.failure(2).contains("no longer exists"), r.failure(2));
        }
    }

    @Test
    void aCounterThatRestartsIsContinued() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:100000",
                "energy_start 9000000"));
        try (NvmlSensor s = NvmlSensors.allGpus(SimulatedNvml.options(journal))) {
            assertEquals(9000.0, read(s).value(0), 1e-9);
            // the driver reloads: same GPU, counter back near zero
            SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:100000", "energy_start 1000"));
            sim.simAdvanceMs(1000);
            SensorReadout r = read(s);
            assertEquals(9000.0 + 1.0 + 100.0, r.value(0), 1e-9);
            assertTrue(r.seriesBreak(0).contains("restarted"), r.seriesBreak(0));
            assertEquals(null, read(s).seriesBreak(0), "only the reading after the restart breaks the series");
        }
    }

    @Test
    void migDomainsCanBeLeftOutAndDevicesChosen() {
        SimulatedNvml.reset(MIG_A100 + SimulatedNvml.device("H100-SXM5-80GB"));
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal)).devices(1).build()) {
            assertEquals(List.of("gpu:1"), s.domains().stream().map(SensorDomain::id).toList());
        }
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal)).migDomains(false).build()) {
            assertEquals(List.of("gpu:0", "gpu:1"), s.domains().stream().map(SensorDomain::id).toList());
        }
    }

    @Test
    void withoutNvmlThereAreNoDomainsAndTheSensorSaysWhy() {
        try (NvmlSensor s = NvmlSensors.allGpus(NvmlOptions.defaults().withLibrary("/nonexistent/libnvidia-ml.so.1"))) {
            assertTrue(s.domains().isEmpty());
            assertTrue(s.unavailable().isPresent());
            assertTrue(s.name().contains("unavailable"), s.name());
            assertTrue(s.assumptions().get(0).source().contains("/nonexistent/libnvidia-ml.so.1"));
        }
        NvmlUnavailableException e = assertThrows(NvmlUnavailableException.class, () -> NvmlSensors.builder()
                .options(NvmlOptions.defaults().withLibrary("/nonexistent/libnvidia-ml.so.1")).build());
        assertTrue(e.getMessage().contains("/nonexistent/libnvidia-ml.so.1"), e.getMessage());
    }

    @Test
    void withoutNvmlOpenGoesOnAndOpenOrThrowThrowsTheSameReason() {
        NvmlSensor.Builder b = NvmlSensor.builder()
                .options(NvmlOptions.defaults().withLibrary("/nonexistent/libnvidia-ml.so.1"));
        String why;
        try (NvmlSensor s = b.open()) {
            assertTrue(s.domains().isEmpty());
            dev.greenslice.carbon.UnavailableException u = s.unavailability().orElseThrow();
            assertEquals("NVML", u.what());
            why = u.getMessage();
            assertTrue(why.contains("/nonexistent/libnvidia-ml.so.1") && why.contains("Fix:"), why);
        }
        dev.greenslice.carbon.UnavailableException e = assertThrows(dev.greenslice.carbon.UnavailableException.class,
                b::openOrThrow);
        assertEquals(why, e.getMessage());
    }

    @Test
    void withNvmlBothFormsOpenEveryGpu() {
        SimulatedNvml.reset(MIG_A100 + SimulatedNvml.device("H100-SXM5-80GB"));
        try (NvmlSensor lenient = NvmlSensor.builder().options(SimulatedNvml.options(journal)).open();
             NvmlSensor strict = NvmlSensor.builder().options(SimulatedNvml.options(journal)).openOrThrow()) {
            assertTrue(lenient.unavailability().isEmpty());
            assertEquals(List.of("gpu:0", "gpu:0/mig:1", "gpu:0/mig:2", "gpu:1"),
                    lenient.domains().stream().map(SensorDomain::id).toList());
            assertEquals(lenient.domains(), strict.domains());
        }
    }

    @Test
    void theHotReadMakesOneDriverCallPerBoard() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(MIG_A100);
        try (NvmlSensor s = NvmlSensors.allGpus(SimulatedNvml.options(journal))) {
            SensorReadout r = new SensorReadout(s.domains());
            long before = sim.simCallCount("nvmlDeviceGetTotalEnergyConsumption");
            for (int i = 0; i < 10; i++) {
                s.read(r);
            }
            assertEquals(before + 10, sim.simCallCount("nvmlDeviceGetTotalEnergyConsumption"));
            assertEquals(0, sim.simCallCount("nvmlDeviceGetPowerUsage"));
        }
    }
}
