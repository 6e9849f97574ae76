package dev.greenslice.nvml;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-process GPU domains: the binding of NVML's per-process utilization calls and the share they give. */
class NvmlProcessShareTest {

    @TempDir
    Path journal;

    private static SensorReadout read(NvmlSensor s) {
        SensorReadout r = new SensorReadout(s.domains());
        s.read(r);
        return r;
    }

    private static int slot(NvmlSensor s, String id) {
        List<String> ids = s.domains().stream().map(SensorDomain::id).toList();
        int i = ids.indexOf(id);
        assertTrue(i >= 0, id + " in " + ids);
        return i;
    }

    /** Advances the simulated driver and the sensor's clock together. */
    private static void advance(SimulatedNvml.Hooks sim, MockClock clock, long ms) {
        sim.simAdvanceMs(ms);
        clock.advance(Duration.ofMillis(ms));
    }

    @Test
    void samplesComeOnePerProcessAndPeriodAndNotFoundMeansNone() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:300000",
                "process_sample_ms 100", "process pid=4242 mem_mb=10 sm=60 mem=30", "process pid=4343 mem_mb=10 sm=0:0/500:20"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice d = nvml.device(0)) {
            assertEquals(List.of(), d.processUtilization(0), "no period has ended yet: NOT_FOUND is no samples");
            sim.simAdvanceMs(1000);
            List<ProcessUtilizationSample> all = d.processUtilization(0);
            assertEquals(10 + 5, all.size(), "4242 in 10 periods, 4343 from 500 ms on");
            ProcessUtilizationSample first = all.get(0);
            assertEquals(new ProcessUtilizationSample(4242, 100_000, 60, 30), first);
            long last = all.stream().mapToLong(ProcessUtilizationSample::timestampMicros).max().orElseThrow();
            assertEquals(1_000_000, last);
            sim.simAdvanceMs(200);
            List<ProcessUtilizationSample> since = d.processUtilization(last);
            assertEquals(4, since.size(), "two new periods, two processes");
            assertTrue(since.stream().allMatch(x -> x.timestampMicros() > last));
            assertTrue(sim.simCallCount("nvmlDeviceGetProcessesUtilizationInfo") > 0, "the newer call where exported");
            sim.simAdvanceMs(60_000);
            long before = sim.simCallCount("nvmlDeviceGetProcessesUtilizationInfo");
            assertEquals(200, d.processUtilization(0).size(), "100 periods kept, two processes in each");
            assertEquals(before + 2, sim.simCallCount("nvmlDeviceGetProcessesUtilizationInfo"),
                    "INSUFFICIENT_SIZE with the count needed, then the read");
        }
    }

    @Test
    void anOldDriverIsAskedWithTheOlderCall() {
        SimulatedNvml.Hooks sim = SimulatedNvml.resetLegacy(SimulatedNvml.device("A100-SXM4-40GB", "power 0:180000",
                "process pid=9 mem_mb=10 sm=35"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal).withLibrary(SimulatedNvml.legacyLibrary().toString()));
             NvmlDevice d = nvml.device(0)) {
            sim.simAdvanceMs(1000);
            List<ProcessUtilizationSample> s = d.processUtilization(0);
            assertEquals(5, s.size(), "167 ms periods in 1 s");
            assertTrue(s.stream().allMatch(x -> x.pid() == 9 && x.smPercent() == 35 && x.memoryPercent() == 0));
            assertTrue(sim.simCallCount("nvmlDeviceGetProcessUtilization") >= 1, "the older call");
            assertEquals(0, sim.simCallCount("nvmlDeviceGetProcessesUtilizationInfo"), "which the old driver lacks");
            sim.simAdvanceMs(60_000);
            assertEquals(100, d.processUtilization(0).size(), "the driver keeps 100 periods; the buffer grows to them");
        }
    }

    @Test
    void theDomainIsThisJvmsShareByActiveTime() {
        long self = ProcessHandle.current().pid();
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:300000",
                "energy_start 0", "process pid=self mem_mb=100 sm=60", "process pid=4242 mem_mb=100 sm=20"));
        MockClock clock = new MockClock();
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                .processShare(StaticEnergyRule.BY_ACTIVE_TIME).processBaselinePower(Power.ofWatts(100)).build()) {
            int p = slot(s, "gpu:0/process");
            SensorDomain dom = s.domains().get(p);
            assertEquals(ReadingKind.APPORTIONED_ENERGY, dom.kind());
            assertEquals("gpu:0", dom.parent(), "nested in the board, so totals never count it twice");
            assertTrue(dom.description().contains("pid " + self), dom.description());
            assertTrue(dom.description().contains("by active time"), dom.description());
            assertTrue(s.assumptions().stream().anyMatch(a -> a.name().equals("GPU energy of gpu:0/process")
                    && a.value().contains("100.0 W given")), s.assumptions().toString());
            assertEquals(0.0, read(s).value(p), 0.0);
            for (int i = 0; i < 10; i++) {
                advance(sim, clock, 1000);
                read(s);
            }
            SensorReadout r = read(s);
            assertEquals(3000.0, r.value(0), 1e-6, "300 W for 10 s");
            // dynamic 200 W x 10 s x 60/80, plus the baseline 100 W for the 60 % of the time the JVM kept the SMs busy
            assertEquals(1500.0 + 600.0, r.value(p), 1e-6);
        }
    }

    @Test
    void readsFasterThanTheDriversPeriodKeepTheShare() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:300000",
                "energy_start 0", "process_sample_ms 167", "process pid=self mem_mb=100 sm=60",
                "process pid=4242 mem_mb=100 sm=20"));
        MockClock clock = new MockClock();
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                .processShare(StaticEnergyRule.BY_ACTIVE_TIME).processBaselinePower(Power.ofWatts(100)).build()) {
            int p = slot(s, "gpu:0/process");
            read(s);
            for (int i = 0; i < 100; i++) {
                advance(sim, clock, 50); // three reads per driver period: most reads see no new sample
                read(s);
            }
            SensorReadout r = read(s);
            assertEquals(1500.0, r.value(0), 1e-6, "300 W for 5 s");
            // 200 W x 5 s x 60/80 + 100 W x 5 s x 60 %, less the first period, before any sample existed
            assertEquals(1050.0, r.value(p), 1050.0 * 0.05, "reads that see no new sample keep the last activity");
            assertTrue(r.value(p) <= 1050.0 + 1e-6);
            assertTrue(s.assumptions().toString().contains("GPU energy of gpu:0/process"));
        }
    }

    @Test
    void descendantProcessesCountAsTheJvms() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000",
                    "energy_start 0", "process pid=777 mem_mb=1 sm=25"));
            assertEquals(0, sim.simProcessSm(0, (int) child.pid(), 75));
            MockClock clock = new MockClock();
            try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                    .processShare(StaticEnergyRule.BY_SHARE_OF_ACTIVITY).processBaselinePower(Power.ofWatts(50))
                    .build()) {
                int p = slot(s, "gpu:0/process");
                read(s);
                for (int i = 0; i < 4; i++) {
                    advance(sim, clock, 500);
                    read(s);
                }
                SensorReadout r = read(s);
                assertEquals(500.0, r.value(0), 1e-6);
                assertEquals(500.0 * 0.75, r.value(p), 1e-6, "the child's 75 % of the activity carries 75 % of all");
            }
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMigEnabledGpuGivesNoPerProcessSamplesAndTheDomainsSaySo() {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power 0:250000", "mig enabled", "gi 4g.40gb@0",
                "gi 3g.40gb@4", "process pid=5 mem_mb=10 gi=1 ci=0 sm=50"));
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal))
                .processShare(StaticEnergyRule.BY_ACTIVE_TIME).build()) {
            List<String> ids = s.domains().stream().map(SensorDomain::id).toList();
            assertEquals(List.of("gpu:0", "gpu:0/mig:1", "gpu:0/mig:2", "gpu:0/process", "gpu:0/mig:1/process",
                    "gpu:0/mig:2/process"), ids);
            SensorReadout r = read(s);
            for (String id : List.of("gpu:0/process", "gpu:0/mig:1/process", "gpu:0/mig:2/process")) {
                int k = ids.indexOf(id);
                assertFalse(r.isAvailable(k), id);
                assertTrue(r.failure(k).contains("NOT_SUPPORTED"), r.failure(k));
            }
            assertTrue(r.isAvailable(0), "the board is still metered");
        }
    }

    @Test
    void aDriverThatRefusesSaysNoPermissionAndTheBoardGoesOn() {
        SimulatedNvml.reset("error nvmlDeviceGetProcessesUtilizationInfo NO_PERMISSION count=always\n"
                + SimulatedNvml.device("H100-SXM5-80GB", "power 0:400000", "process pid=5 mem_mb=10 sm=50"));
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal))
                .processShare(StaticEnergyRule.NOT_ATTRIBUTED).build()) {
            int p = slot(s, "gpu:0/process");
            assertTrue(s.domains().get(p).description().contains("NO_PERMISSION"), s.domains().get(p).description());
            SensorReadout r = read(s);
            assertFalse(r.isAvailable(p));
            assertTrue(r.failure(p).contains("NO_PERMISSION"), r.failure(p));
            assertTrue(r.isAvailable(0));
        }
    }

    @Test
    void aTransientFaultBreaksTheSeriesInsteadOfLosingEnergySilently() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(
                "error nvmlDeviceGetProcessesUtilizationInfo UNKNOWN call=4 count=1\n"
                        + SimulatedNvml.device("A100-SXM4-80GB", "power 0:200000", "energy_start 0",
                        "process pid=self mem_mb=1 sm=50"));
        MockClock clock = new MockClock();
        try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal).withClock(clock))
                .processShare(StaticEnergyRule.NOT_ATTRIBUTED).processBaselinePower(Power.ofWatts(100)).build()) {
            int p = slot(s, "gpu:0/process");
            // calls: 1 prime, 2 first read, 3 second read, 4 fails
            read(s);
            advance(sim, clock, 1000);
            assertEquals(100.0, read(s).value(p), 1e-6, "dynamic 100 W for 1 s, all the JVM's");
            advance(sim, clock, 1000);
            SensorReadout failed = read(s);
            assertFalse(failed.isAvailable(p));
            assertTrue(failed.failure(p).contains("UNKNOWN"), failed.failure(p));
            advance(sim, clock, 1000);
            SensorReadout after = read(s);
            assertTrue(after.isAvailable(p));
            assertTrue(after.seriesBreak(p) != null, "the interval that could not be split is not counted as zero");
        }
    }

    @Test
    void processShareRejectsNonsensePids() {
        NvmlSensor.Builder b = NvmlSensors.builder();
        assertThrows(IllegalArgumentException.class, () -> b.processShare(StaticEnergyRule.BY_ACTIVE_TIME, Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> b.processShare(StaticEnergyRule.BY_ACTIVE_TIME, Set.of(-3L)));
    }
}
