package dev.greenslice.rapl;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The perf_event backend: parsing the PMU's sysfs description, the count arithmetic, and errno messages. */
class PerfEventBackendTest {

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    private RaplSensor open(FakeSystem sys, FakePerfEvents perf) throws RaplUnavailableException {
        return RaplSensor.builder().backends(RaplBackend.PERF_EVENT).systemRoot(sys.root).perfEvents(perf).clock(clock).build();
    }

    @Test
    void scaleFileParsesToExactlyTwoToTheMinus32() throws IOException {
        assertEquals(Math.scalb(1.0, -32), PerfPmu.parseScale("2.3283064365386962890625e-10\n", Path.of("x.scale")), 0.0);
        assertEquals(Math.scalb(1.0, -16), PerfPmu.parseScale("1.52587890625e-05", Path.of("x.scale")), 0.0);
        assertThrows(IOException.class, () -> PerfPmu.parseScale("-1", Path.of("x.scale")));
        IOException e = assertThrows(IOException.class, () -> PerfPmu.parseScale("joules", Path.of("/p/energy-pkg.scale")));
        assertTrue(e.getMessage().contains("/p/energy-pkg.scale") && e.getMessage().contains("joules"));
    }

    @Test
    void eventConfigIsPlacedIntoTheFormatBits() throws IOException {
        PerfPmu.FormatSource fmt = term -> switch (term) {
            case "event" -> "config:0-7";
            case "umask" -> "config:8-15";
            case "split" -> "config:0-3,32-35";
            default -> throw new java.nio.file.NoSuchFileException(term);
        };
        assertEquals(0x02, PerfPmu.parseConfig("event=0x02\n", Path.of("energy-pkg"), fmt));
        assertEquals(0x5, PerfPmu.parseConfig("event=5", Path.of("energy-psys"), fmt));
        assertEquals(0x013c, PerfPmu.parseConfig("event=0x3c,umask=0x1", Path.of("e"), fmt));
        assertEquals(0x3L | (0xAL << 32), PerfPmu.parseConfig("split=0xa3", Path.of("e"), fmt));
        IOException wide = assertThrows(IOException.class, () -> PerfPmu.parseConfig("event=0x1ff", Path.of("e"), fmt));
        assertTrue(wide.getMessage().contains("does not fit"), wide.getMessage());
        IOException noFormat = assertThrows(IOException.class, () -> PerfPmu.parseConfig("cmask=1", Path.of("e"), fmt));
        assertTrue(noFormat.getMessage().contains("no format for term 'cmask'"), noFormat.getMessage());
    }

    @Test
    void cpuListsParse() throws IOException {
        assertEquals(List.of(0, 28), PerfPmu.parseCpuList("0,28\n", Path.of("cpumask")));
        assertEquals(List.of(0, 1, 2, 3, 8), PerfPmu.parseCpuList("0-3,8", Path.of("cpumask")));
        assertThrows(IOException.class, () -> PerfPmu.parseCpuList("0-", Path.of("cpumask")));
    }

    @Test
    void twoSocketServerOpensEachEventOnePerPackageAndPsysOnce() throws Exception {
        FakeSystem sys = FakeSystem.twoSocketPerf(dir);
        FakePerfEvents perf = new FakePerfEvents();
        try (RaplSensor s = open(sys, perf)) {
            assertEquals("rapl (perf_event)", s.name());
            assertEquals(List.of("cpu:package-0", "dram:0", "psys", "cpu:package-1", "dram:1"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertEquals(List.of(
                            new FakePerfEvents.Open(23, 0x02, -1, 0, 10), new FakePerfEvents.Open(23, 0x03, -1, 0, 11),
                            new FakePerfEvents.Open(23, 0x05, -1, 0, 12), new FakePerfEvents.Open(23, 0x02, -1, 28, 13),
                            new FakePerfEvents.Open(23, 0x03, -1, 28, 14)),
                    perf.opens);
            assertEquals("psys", s.domains().get(0).parent());

            // Recorded counts: 2^32 counts of energy-pkg are 1 J; 3 * 2^16 counts of energy-ram are 3 J.
            clock.advance(Duration.ofSeconds(1));
            perf.setCount(0x02, 0, 4_294_967_296L);
            perf.setCount(0x03, 28, 3 * 65_536L);
            perf.setCount(0x05, 0, 123 * 4_294_967_296L);
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(1.0, r.value(0), 0.0);
            assertEquals(3.0, r.value(4), 0.0);
            assertEquals(123.0, r.value(2), 0.0);
            assertEquals(0.0, r.value(3), 0.0);
        }
        assertEquals(5, perf.closed.size(), "close releases every descriptor");
    }

    @Test
    void psysIsReadOnEveryPackageThatHasAPlatformZone() throws Exception {
        // The powercap names say which packages have a platform counter (psys, psys-1): each is read on its
        // own package's CPU and holds that package.
        FakeSystem sys = FakeSystem.twoSocketPerf(dir)
                .write("sys/class/powercap/intel-rapl:2/name", "psys")
                .write("sys/class/powercap/intel-rapl:3/name", "psys-1")
                .write("sys/class/powercap/intel-rapl:0/name", "package-0");
        FakePerfEvents perf = new FakePerfEvents();
        try (RaplSensor s = open(sys, perf)) {
            assertEquals(List.of("cpu:package-0", "dram:0", "psys", "cpu:package-1", "dram:1", "psys-1"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertEquals(List.of(0, 28), perf.opens.stream().filter(o -> o.config() == 0x05).map(FakePerfEvents.Open::cpu)
                    .toList());
            Map<String, String> parents = new java.util.LinkedHashMap<>();
            s.domains().forEach(d -> parents.put(d.id(), d.parent()));
            assertEquals("psys", parents.get("cpu:package-0"));
            assertEquals("psys-1", parents.get("cpu:package-1"));
            assertEquals("psys-1", parents.get("dram:1"));
            clock.advance(Duration.ofSeconds(1));
            perf.setCount(0x05, 0, 200 * 4_294_967_296L);
            perf.setCount(0x05, 28, 241 * 4_294_967_296L);
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(200.0, r.value(2), 0.0);
            assertEquals(241.0, r.value(5), 0.0);
        }
    }

    @Test
    void amdPackageEnergyListedOncePerDieIsReadOncePerPackage() throws Exception {
        // Kernels before the AMD package-scope fix gave the power PMU one CPU per die; AMD's RAPL package counter
        // is per package, so every die's energy-pkg is the same counter.
        FakeSystem sys = new FakeSystem(dir).powerPmu(24, "0,8,16,24")
                .event("energy-pkg", "event=0x02", FakeSystem.SCALE_2_POW_MINUS_32, "Joules")
                .cpu(0, 0, 0).cpu(8, 0, 1).cpu(16, 1, 2).cpu(24, 1, 3)
                .cpuinfo("AuthenticAMD", 0x17, 0x31).paranoid(2);
        FakePerfEvents perf = new FakePerfEvents();
        try (RaplSensor s = open(sys, perf)) {
            assertEquals(List.of("cpu:package-0", "cpu:package-1"), s.domains().stream().map(SensorDomain::id).toList());
            assertEquals(List.of(0, 16), perf.opens.stream().map(FakePerfEvents.Open::cpu).toList());
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("once per package")), s.notes().toString());
            clock.advance(Duration.ofSeconds(1));
            perf.setCount(0x02, 0, 90 * 4_294_967_296L);
            perf.setCount(0x02, 16, 80 * 4_294_967_296L);
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(170.0, r.value(0) + r.value(1), 0.0, "each package once");
        }
    }

    @Test
    void intelDieScopedCountersStayOnePerDie() throws Exception {
        // Cascade Lake-AP: two dies per package, each with its own RAPL counters (die scope in the kernel's rapl.c).
        FakeSystem sys = new FakeSystem(dir).powerPmu(23, "0,24")
                .event("energy-pkg", "event=0x02", FakeSystem.SCALE_2_POW_MINUS_32, "Joules")
                .cpu(0, 0, 0).cpu(24, 0, 1).cpuinfo("GenuineIntel", 6, 0x55).paranoid(2);
        try (RaplSensor s = open(sys, new FakePerfEvents())) {
            assertEquals(List.of("cpu:package-0-die-0", "cpu:package-0-die-1"),
                    s.domains().stream().map(SensorDomain::id).toList());
        }
    }

    @Test
    void countsDoNotWrapSoTheSamplingPeriodIsLong() throws Exception {
        try (RaplSensor s = open(FakeSystem.twoSocketPerf(dir), new FakePerfEvents())) {
            assertTrue(s.maximumSamplingPeriod().compareTo(Duration.ofHours(1)) > 0, s.maximumSamplingPeriod().toString());
        }
    }

    @Test
    void aCountThatGoesBackIsDroppedAsAReset() throws Exception {
        FakePerfEvents perf = new FakePerfEvents();
        try (RaplSensor s = open(FakeSystem.twoSocketPerf(dir), perf)) {
            clock.advance(Duration.ofSeconds(1));
            perf.setCount(0x02, 0, 10 * 4_294_967_296L);
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(10.0, r.value(0), 0.0);
            clock.advance(Duration.ofSeconds(1));
            perf.setCount(0x02, 0, 5);
            s.read(r);
            assertEquals(10.0, r.value(0), 0.0);
            assertTrue(r.seriesBreak(0).contains("never wraps"), r.seriesBreak(0));
        }
    }

    @Test
    void permissionRefusalNamesCapPerfmonAndTheParanoidLevel() {
        FakePerfEvents perf = new FakePerfEvents().refuseAll(13);
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(FakeSystem.twoSocketPerf(dir), perf));
        String m = e.getMessage();
        for (String needle : List.of("perf_event", "EACCES (13)", "CAP_PERFMON", "kernel.perf_event_paranoid is 2",
                "power/energy-pkg", "seccomp")) {
            assertTrue(m.contains(needle), "message lacks '" + needle + "': " + m);
        }
    }

    @Test
    void anUnsupportedEventIsUnavailableButTheOthersRead() throws Exception {
        FakePerfEvents perf = new FakePerfEvents().refuse(0x03, 95);
        try (RaplSensor s = open(FakeSystem.twoSocketPerf(dir), perf)) {
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertTrue(r.isAvailable(0));
            assertFalse(r.isAvailable(1));
            assertTrue(r.failure(1).contains("EOPNOTSUPP") && r.failure(1).contains("does not support"), r.failure(1));
        }
    }

    @Test
    void eventsWithAnotherUnitAreSkipped() throws Exception {
        FakeSystem sys = FakeSystem.twoSocketPerf(dir).event("energy-cores", "event=0x01", FakeSystem.SCALE_2_POW_MINUS_32, "Watts");
        try (RaplSensor s = open(sys, new FakePerfEvents())) {
            assertFalse(s.domains().stream().anyMatch(d -> d.id().endsWith("/core")));
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("energy-cores") && n.contains("Watts")), s.notes().toString());
        }
    }

    @Test
    void gpuEventIsTheUncoreAndCoresAreWithinThePackage() throws Exception {
        FakeSystem sys = new FakeSystem(dir).powerPmu(31, "0")
                .event("energy-cores", "event=0x01", FakeSystem.SCALE_2_POW_MINUS_32, "Joules")
                .event("energy-pkg", "event=0x02", FakeSystem.SCALE_2_POW_MINUS_32, "Joules")
                .event("energy-gpu", "event=0x04", FakeSystem.SCALE_2_POW_MINUS_32, "Joules")
                .cpu(0, 0, 0);
        try (RaplSensor s = open(sys, new FakePerfEvents())) {
            Map<String, String> parents = new java.util.LinkedHashMap<>();
            s.domains().forEach(d -> parents.put(d.id(), d.parent()));
            assertEquals(Map.of("cpu:package-0", "", "cpu:package-0/core", "cpu:package-0", "cpu:package-0/uncore", "cpu:package-0"),
                    parents);
        }
    }

    @Test
    void noPowerPmuFailsSayingSo() {
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class,
                () -> open(new FakeSystem(dir), new FakePerfEvents()));
        assertTrue(e.getMessage().contains("no RAPL perf PMU") && e.getMessage().contains("devices/power"), e.getMessage());
    }

    @Test
    void autodetectFallsBackFromPowercapToPerfEventAndSaysWhich() throws Exception {
        FakeSystem sys = FakeSystem.twoSocketPerf(dir.resolve("root"));
        try (RaplSensor s = RaplSensor.builder().powercapRoot(dir.resolve("no-powercap")).systemRoot(sys.root)
                .perfEvents(new FakePerfEvents()).clock(clock).build()) {
            assertEquals(RaplBackend.PERF_EVENT, s.backend());
            assertEquals("rapl (perf_event)", s.name());
        }
    }

    @Test
    void whenEveryBackendFailsTheExceptionListsEachInOrder() {
        FakeSystem sys = FakeSystem.twoSocketPerf(dir.resolve("root"));
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> RaplSensor.builder()
                .powercapRoot(dir.resolve("no-powercap")).systemRoot(sys.root)
                .perfEvents(new FakePerfEvents().refuseAll(1)).clock(clock).build());
        assertEquals(List.of(RaplBackend.POWERCAP, RaplBackend.PERF_EVENT, RaplBackend.MSR),
                e.attempts().stream().map(RaplUnavailableException.Attempt::backend).toList());
        String m = e.getMessage();
        assertTrue(m.indexOf("powercap:") < m.indexOf("perf_event:") && m.indexOf("perf_event:") < m.indexOf("msr:"), m);
        assertTrue(m.contains("EPERM") && m.contains("proc/cpuinfo"), m);
    }

    /**
     * The JNA binding against the running kernel: opens the {@code msr} PMU's {@code tsc} event (a real PMU
     * described in sysfs the same way as {@code power}) on CPU 0 and reads it twice. Skipped where the kernel
     * has no such PMU or refuses system-wide events.
     */
    @Test
    void jnaBindingOpensAndReadsARealPerfEvent() throws Exception {
        Path msrPmu = Path.of("/sys/bus/event_source/devices/msr");
        assumeTrue(Files.isDirectory(msrPmu.resolve("events")) && Files.exists(msrPmu.resolve("events/tsc")),
                "this kernel has no msr PMU with a tsc event");
        PerfPmu pmu = PerfPmu.load(msrPmu, SysfsAccess.files());
        PerfPmu.Event tsc = pmu.event("tsc", SysfsAccess.files()).orElseThrow();
        assertEquals(0, tsc.config(), "tsc is event=0x00");
        JnaPerfEventSyscalls jna = JnaPerfEventSyscalls.create();
        int fd;
        try {
            fd = jna.open(pmu.type(), tsc.config(), -1, 0);
        } catch (PerfEventSyscalls.PerfEventException e) {
            assumeTrue(false, "the kernel refuses system-wide events here: " + e.getMessage());
            return;
        }
        try {
            long first = jna.read(fd);
            long later = first;
            for (int i = 0; i < 1000 && later == first; i++) {
                Thread.onSpinWait();
                later = jna.read(fd);
            }
            assertTrue(later > first, "the time-stamp counter advances: " + first + " then " + later);
        } finally {
            jna.close(fd);
        }
        PerfEventSyscalls.PerfEventException bad = assertThrows(PerfEventSyscalls.PerfEventException.class,
                () -> jna.open(pmu.type(), 0xFFFF, -1, 0));
        assertTrue(bad.errno() > 0, "an unknown config is refused with an errno");
    }
}
