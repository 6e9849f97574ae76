package dev.greenslice.rapl;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.greenslice.rapl.MsrBackend.MSR_AMD_PKG_ENERGY_STATUS;
import static dev.greenslice.rapl.MsrBackend.MSR_AMD_RAPL_POWER_UNIT;
import static dev.greenslice.rapl.MsrBackend.MSR_DRAM_ENERGY_STATUS;
import static dev.greenslice.rapl.MsrBackend.MSR_PKG_ENERGY_STATUS;
import static dev.greenslice.rapl.MsrBackend.MSR_PKG_POWER_INFO;
import static dev.greenslice.rapl.MsrBackend.MSR_PLATFORM_ENERGY_STATUS;
import static dev.greenslice.rapl.MsrBackend.MSR_PP0_ENERGY_STATUS;
import static dev.greenslice.rapl.MsrBackend.MSR_RAPL_POWER_UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MSR backend: unit decoding, register arithmetic, quirks and failures, against recorded register values. */
class MsrBackendTest {

    /** MSR_RAPL_POWER_UNIT as read on Intel client and server parts: 1/8 W, 1/16384 J, 1/1024 s. */
    static final long INTEL_UNITS = 0xA0E03L;
    /** MSR_RAPL_PWR_UNIT as turbostat printed it on an AMD family 1Ah part: 1 W, 15.26 µJ, 977 µs. */
    static final long AMD_UNITS = 0x000A1000L;

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    private RaplSensor open(FakeSystem sys, FakeMsr msr) throws RaplUnavailableException {
        return RaplSensor.builder().backends(RaplBackend.MSR).systemRoot(sys.root).msrAccess(msr).clock(clock).build();
    }

    @Test
    void unitRegisterDecodesToPowerEnergyAndTimeUnits() {
        RaplUnits intel = RaplUnits.decode(INTEL_UNITS);
        assertEquals(0.125, intel.powerWatts(), 0.0);
        assertEquals(61.03515625e-6, intel.energyJoules(), 1e-18);
        assertEquals(14, intel.energyStatusUnit());
        assertEquals(1.0 / 1024, intel.timeSeconds(), 0.0);
        RaplUnits amd = RaplUnits.decode(AMD_UNITS);
        assertEquals(1.0, amd.powerWatts(), 0.0);
        assertEquals(15.2587890625e-6, amd.energyJoules(), 1e-18);
        assertEquals(1.0 / 1024, amd.timeSeconds(), 0.0);
        // Bits outside the fields are ignored.
        assertEquals(intel, RaplUnits.decode(INTEL_UNITS | 0xFFF0_0000_0000_0000L));
    }

    @Test
    void cpuinfoParsesTheFirstProcessor() throws IOException {
        CpuIdentity id = CpuIdentity.parse("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                + "model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\n\nprocessor\t: 1\nvendor_id\t: Other\n", "cpuinfo");
        assertEquals(new CpuIdentity("GenuineIntel", 6, 85), id);
        assertTrue(id.dramUnitIs15_3MicroJoules());
        assertFalse(id.psysUnitIsOneJoule());
        IOException e = assertThrows(IOException.class, () -> CpuIdentity.parse("processor : 0\nvendor_id : X\n", "/proc/cpuinfo"));
        assertTrue(e.getMessage().contains("/proc/cpuinfo lacks cpu family"), e.getMessage());
    }

    private FakeSystem skylakeServer() {
        return new FakeSystem(dir).cpuinfo("GenuineIntel", 6, 0x55).cpu(0, 0, 0).cpu(1, 0, 0).cpu(2, 1, 0).cpu(3, 1, 0);
    }

    private FakeMsr skylakeRegisters() {
        FakeMsr msr = new FakeMsr();
        for (int cpu : new int[] {0, 2}) {
            msr.set(cpu, MSR_RAPL_POWER_UNIT, INTEL_UNITS)
                    .set(cpu, MSR_PKG_ENERGY_STATUS, 0x1234_5678L)
                    .set(cpu, MSR_DRAM_ENERGY_STATUS, 0x0000_1000L)
                    .set(cpu, MSR_PKG_POWER_INFO, 1640); // 1640 * 1/8 W = 205 W thermal spec power
        }
        msr.set(0, MSR_PP0_ENERGY_STATUS, 0); // reads 0: not implemented on this server
        return msr;
    }

    @Test
    void intelServerReadsPackagesAndDramWithTheServerDramUnit() throws Exception {
        FakeMsr msr = skylakeRegisters();
        try (RaplSensor s = open(skylakeServer(), msr)) {
            assertEquals("rapl (msr)", s.name());
            assertEquals(List.of("cpu:package-0", "dram:0", "cpu:package-1", "dram:1"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertTrue(s.domains().get(0).description().contains("register 0x611 (MSR_PKG_ENERGY_STATUS)"));
            assertTrue(s.domains().get(0).description().contains("205 W (MSR_PKG_POWER_INFO"), s.domains().get(0).description());
            assertTrue(s.domains().get(1).description().contains("server DRAM unit 15.3 uJ"), s.domains().get(1).description());
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("MSR_PP0_ENERGY_STATUS") && n.contains("reads 0")), s.notes().toString());
            assertTrue(s.assumptions().stream().anyMatch(a -> a.name().equals("energy unit of dram:0")
                    && a.value().equals("0.0000153 J")), s.assumptions().toString());

            clock.advance(Duration.ofSeconds(1));
            msr.add(0, MSR_PKG_ENERGY_STATUS, 16384 * 50); // 50 J in 2^-14 J units
            msr.add(2, MSR_DRAM_ENERGY_STATUS, 100_000);   // 100000 * 15.3 uJ = 1.53 J
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(50.0, r.value(0), 1e-12);
            assertEquals(1.53, r.value(3), 1e-12);
        }
    }

    @Test
    void thirtyTwoBitWraparoundIsExact() throws Exception {
        FakeMsr msr = skylakeRegisters();
        msr.set(0, MSR_PKG_ENERGY_STATUS, 0xFFFF_FF00L);
        try (RaplSensor s = open(skylakeServer(), msr)) {
            clock.advance(Duration.ofSeconds(1));
            msr.set(0, MSR_PKG_ENERGY_STATUS, 0x0000_0100L); // 0x200 units later, across the wrap
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(0x200 * 61.03515625e-6, r.value(0), 1e-15);
        }
    }

    @Test
    void amdPackageUsesTheAmdRegistersAndIgnoresTheUpperBits() throws Exception {
        FakeSystem sys = new FakeSystem(dir).cpuinfo("AuthenticAMD", 0x19, 0x11).cpu(0, 0, 0).cpu(1, 0, 1);
        FakeMsr msr = new FakeMsr().set(0, MSR_AMD_RAPL_POWER_UNIT, AMD_UNITS)
                .set(0, MSR_AMD_PKG_ENERGY_STATUS, 0x0000_0007_FFFF_FFF0L);
        try (RaplSensor s = open(sys, msr)) {
            assertEquals(List.of("cpu:package-0"), s.domains().stream().map(SensorDomain::id).toList());
            assertTrue(s.domains().get(0).description().contains("0xC001029B"), s.domains().get(0).description());
            clock.advance(Duration.ofSeconds(1));
            msr.set(0, MSR_AMD_PKG_ENERGY_STATUS, 0x0000_0008_0000_0010L); // 0x20 units later
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(0x20 * 15.2587890625e-6, r.value(0), 1e-15);
        }
    }

    @Test
    void dieScopedIntelPartsAreReadOncePerDie() throws Exception {
        // Cascade Lake-AP: two dies per package, RAPL counters per die (the kernel's rapl.c gives Intel die
        // scope). CPUs 0-23 on die 0 and 24-47 on die 1 of package 0; 48 and 72 begin the dies of package 1.
        FakeSystem sys = new FakeSystem(dir).cpuinfo("GenuineIntel", 6, 0x55)
                .cpu(0, 0, 0).cpu(1, 0, 0).cpu(24, 0, 1).cpu(48, 1, 0).cpu(72, 1, 1);
        FakeMsr msr = new FakeMsr();
        for (int cpu : new int[] {0, 1, 24, 48, 72}) {
            msr.set(cpu, MSR_RAPL_POWER_UNIT, INTEL_UNITS).set(cpu, MSR_PKG_ENERGY_STATUS, 1000 + cpu)
                    .set(cpu, MSR_DRAM_ENERGY_STATUS, 500 + cpu);
        }
        try (RaplSensor s = open(sys, msr)) {
            List<String> ids = s.domains().stream().map(SensorDomain::id).toList();
            assertEquals(List.of("cpu:package-0-die-0", "dram:0-die-0", "cpu:package-0-die-1", "dram:0-die-1",
                    "cpu:package-1-die-0", "dram:1-die-0", "cpu:package-1-die-1", "dram:1-die-1"), ids);
            clock.advance(Duration.ofSeconds(1));
            msr.add(0, MSR_PKG_ENERGY_STATUS, 16384 * 100L);
            msr.add(24, MSR_PKG_ENERGY_STATUS, 16384 * 90L);
            msr.add(72, MSR_DRAM_ENERGY_STATUS, 65359L); // 15.3 uJ units on this server: 1.0 J
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(100.0, r.value(ids.indexOf("cpu:package-0-die-0")), 1e-9);
            assertEquals(90.0, r.value(ids.indexOf("cpu:package-0-die-1")), 1e-9, "the second die is not missed");
            assertEquals(65359 * 15.3e-6, r.value(ids.indexOf("dram:1-die-1")), 1e-9);
        }
    }

    @Test
    void sapphireRapidsPsysCountsWholeJoulesAndIsReadOnce() throws Exception {
        FakeSystem sys = new FakeSystem(dir).cpuinfo("GenuineIntel", 6, 0x8F).cpu(0, 0, 0).cpu(1, 1, 0);
        FakeMsr msr = new FakeMsr();
        for (int cpu : new int[] {0, 1}) {
            msr.set(cpu, MSR_RAPL_POWER_UNIT, INTEL_UNITS).set(cpu, MSR_PKG_ENERGY_STATUS, 5)
                    .set(cpu, MSR_PLATFORM_ENERGY_STATUS, 1000);
        }
        try (RaplSensor s = open(sys, msr)) {
            assertEquals(List.of("cpu:package-0", "psys", "cpu:package-1"), s.domains().stream().map(SensorDomain::id).toList());
            assertEquals("psys", s.domains().get(0).parent());
            clock.advance(Duration.ofSeconds(10));
            msr.add(0, MSR_PLATFORM_ENERGY_STATUS, 2500);
            SensorReadout r = new SensorReadout(s.domains());
            s.read(r);
            assertEquals(2500.0, r.value(1), 0.0);
        }
    }

    @Test
    void permissionDeniedNamesTheDeviceAndCapSysRawio() {
        FakeMsr msr = skylakeRegisters().deny(0).deny(2);
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(skylakeServer(), msr));
        assertTrue(e.getMessage().contains("dev/cpu/0/msr") && e.getMessage().contains("CAP_SYS_RAWIO"), e.getMessage());
    }

    @Test
    void missingDeviceSaysToLoadTheDriver() {
        FakeMsr msr = new FakeMsr().noDevice(0).noDevice(2);
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(skylakeServer(), msr));
        assertTrue(e.getMessage().contains("modprobe msr"), e.getMessage());
    }

    @Test
    void aCpuWithoutRaplSaysSo() {
        FakeMsr msr = new FakeMsr().set(0, 0x10, 1).set(2, 0x10, 1);
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(skylakeServer(), msr));
        assertTrue(e.getMessage().contains("does not implement RAPL or the hypervisor hides it"), e.getMessage());
    }

    @Test
    void otherVendorsAreRefused() {
        FakeSystem sys = new FakeSystem(dir).cpuinfo("CentaurHauls", 6, 15);
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(sys, new FakeMsr()));
        assertTrue(e.getMessage().contains("CentaurHauls"), e.getMessage());
    }

    /** The device reader reads 8 little-endian bytes at the register's offset, as the msr driver serves them. */
    @Test
    void deviceReaderReadsLittleEndianAtTheRegisterOffset() throws Exception {
        Path dev = dir.resolve("dev/cpu/0/msr");
        Files.createDirectories(dev.getParent());
        try (RandomAccessFile f = new RandomAccessFile(dev.toFile(), "rw")) {
            f.seek(MSR_PKG_ENERGY_STATUS);
            f.write(new byte[] {0x78, 0x56, 0x34, 0x12, 0, 0, 0, (byte) 0x80});
        }
        try (MsrAccess.Registers regs = new DeviceMsrAccess(dir).open(0)) {
            assertEquals(0x8000_0000_1234_5678L, regs.read(MSR_PKG_ENERGY_STATUS));
            IOException beyond = assertThrows(IOException.class, () -> regs.read(0xC001029BL));
            assertTrue(beyond.getMessage().contains("0xc001029b"), beyond.getMessage());
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> new DeviceMsrAccess(dir).open(7));
    }
}
