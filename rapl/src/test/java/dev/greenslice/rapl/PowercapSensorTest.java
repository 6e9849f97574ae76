package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.ReadingKind;
import dev.greenslice.carbon.sensor.SensorDomain;
import dev.greenslice.carbon.sensor.SensorReadout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The powercap backend against fake trees of real machines' shapes. */
class PowercapSensorTest {

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    private RaplSensor open(FakePowercapTree tree) throws RaplUnavailableException {
        return open(tree.powercapRoot(), SysfsAccess.files());
    }

    private RaplSensor open(Path root, SysfsAccess sysfs) throws RaplUnavailableException {
        return RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(root).clock(clock).sysfs(sysfs).build();
    }

    private static Map<String, SensorDomain> byId(RaplSensor s) {
        return s.domains().stream().collect(Collectors.toMap(SensorDomain::id, Function.identity()));
    }

    private static SensorReadout read(RaplSensor s) {
        SensorReadout r = new SensorReadout(s.domains());
        s.read(r);
        return r;
    }

    private static int index(RaplSensor s, String id) {
        List<String> ids = s.domains().stream().map(SensorDomain::id).toList();
        int i = ids.indexOf(id);
        assertTrue(i >= 0, "no domain " + id + " in " + ids);
        return i;
    }

    @Test
    void twoSocketServerHasPackagesDramAndPsysNestedUnderPsys() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        try (RaplSensor s = open(tree)) {
            assertEquals("rapl (powercap)", s.name());
            assertEquals(RaplBackend.POWERCAP, s.backend());
            assertEquals(List.of("cpu:package-0", "dram:0", "cpu:package-1", "dram:1", "psys"),
                    s.domains().stream().map(SensorDomain::id).toList());
            Map<String, SensorDomain> d = byId(s);
            assertTrue(d.get("psys").isRoot());
            assertEquals("psys", d.get("cpu:package-0").parent());
            assertEquals("psys", d.get("dram:1").parent());
            s.domains().forEach(x -> assertEquals(ReadingKind.HARDWARE_ENERGY_COUNTER, x.kind()));
            assertTrue(d.get("cpu:package-0").description().contains("intel-rapl:0/energy_uj"),
                    d.get("cpu:package-0").description());
            assertTrue(s.assumptions().stream().anyMatch(a -> a.name().equals("RAPL psys domain")), s.assumptions().toString());

            clock.advance(Duration.ofSeconds(1));
            double pkg0 = tree.zone("intel-rapl:0").addJoules(100);
            double dram1 = tree.zone("intel-rapl:1:0").addJoules(12);
            SensorReadout r = read(s);
            assertEquals(pkg0, r.value(index(s, "cpu:package-0")), 1e-6);
            assertEquals(dram1, r.value(index(s, "dram:1")), 1e-6);
            assertEquals(0.0, r.value(index(s, "cpu:package-1")), 0.0);
            assertTrue(r.isAvailable(index(s, "psys")));
        }
    }

    @Test
    void aPsysZonePerPackageHoldsItsOwnPackageAndTheirSumIsTheTotal() throws Exception {
        // The kernel names the platform zone of package N > 0 "psys-N" (rapl_init_domains).
        FakePowercapTree tree = FakePowercapTree.twoSocketServerWithPsysPerPackage(dir);
        try (RaplSensor s = open(tree)) {
            Map<String, SensorDomain> d = byId(s);
            assertEquals(List.of("cpu:package-0", "dram:0", "cpu:package-1", "dram:1", "psys", "psys-1"),
                    s.domains().stream().map(SensorDomain::id).toList(), s.notes().toString());
            assertEquals("psys", d.get("cpu:package-0").parent());
            assertEquals("psys", d.get("dram:0").parent());
            assertEquals("psys-1", d.get("cpu:package-1").parent());
            assertEquals("psys-1", d.get("dram:1").parent());
            assertTrue(d.get("psys-1").isRoot());
            assertTrue(d.get("psys-1").description().contains("intel-rapl:3"), d.get("psys-1").description());

            clock.advance(Duration.ofSeconds(1));
            double platform0 = tree.zone("intel-rapl:2").addJoules(200);
            tree.zone("intel-rapl:0").addJoules(150);
            tree.zone("intel-rapl:0:0").addJoules(40);
            double platform1 = tree.zone("intel-rapl:3").addJoules(241);
            tree.zone("intel-rapl:1").addJoules(160);
            tree.zone("intel-rapl:1:0").addJoules(50);
            SensorReadout r = read(s);
            double roots = 0;
            for (SensorDomain x : s.domains()) {
                if (x.isRoot()) {
                    roots += r.value(index(s, x.id()));
                }
            }
            assertEquals(platform0 + platform1, roots, 1e-6, "the whole machine: both platforms, nothing twice");
            assertEquals(441, roots, 1e-3);
        }
    }

    @Test
    void aSinglePsysZoneOfAnotherPackageIsThePlatformOfAll() throws Exception {
        // On multi-package parts whose platform counter lives on package 1 only, the kernel registers "psys-1"
        // alone: it is the platform, holding every package.
        FakePowercapTree tree = new FakePowercapTree(dir);
        for (int p = 0; p < 2; p++) {
            tree.zone("intel-rapl:" + p, "package-" + p, FakePowercapTree.INTEL_UNIT_UJ);
        }
        tree.zone("intel-rapl:2", "psys-1", FakePowercapTree.INTEL_UNIT_UJ);
        try (RaplSensor s = open(tree)) {
            Map<String, SensorDomain> d = byId(s);
            assertEquals("psys-1", d.get("cpu:package-0").parent());
            assertEquals("psys-1", d.get("cpu:package-1").parent());
            assertTrue(d.get("psys-1").isRoot());
        }
    }

    @Test
    void aCounterThatStopsWhileItsSiblingsMoveIsFlaggedFrozen() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        try (RaplSensor s = open(tree)) {
            int dram1 = index(s, "dram:1");
            for (int step = 0; step < 6; step++) {   // 3 s: every zone counts
                clock.advance(Duration.ofMillis(500));
                for (String z : List.of("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl:1:0", "intel-rapl:2")) {
                    tree.zone(z).addJoules(10);
                }
                assertTrue(read(s).isAvailable(dram1));
            }
            SensorReadout r = null;
            for (int step = 0; step < 3; step++) {   // 1.5 s: dram:1 stands still, the others count
                clock.advance(Duration.ofMillis(500));
                for (String z : List.of("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:1", "intel-rapl:2")) {
                    tree.zone(z).addJoules(10);
                }
                r = read(s);
            }
            assertFalse(r.isAvailable(dram1), "frozen for 1.5 s while its siblings moved");
            assertTrue(r.failure(dram1).contains("intel-rapl:1:0/energy_uj") && r.failure(dram1).contains("frozen"),
                    r.failure(dram1));
            assertTrue(r.isAvailable(index(s, "cpu:package-1")));

            clock.advance(Duration.ofMillis(500));
            tree.zone("intel-rapl:1:0").addJoules(10);
            assertTrue(read(s).isAvailable(dram1), "counting again");
        }
    }

    @Test
    void aCounterFileRemovedUnderTheOpenSensorIsFlaggedFrozen() throws Exception {
        // A regular file deleted while open keeps serving its last content (a tree copied or bind-mounted into a
        // container, a zone removed): the counter no longer follows the hardware.
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        try (RaplSensor s = open(tree)) {
            tree.zone("intel-rapl:0").remove("energy_uj");
            SensorReadout r = null;
            for (int step = 0; step < 4; step++) {
                clock.advance(Duration.ofMillis(500));
                for (String z : List.of("intel-rapl:0:0", "intel-rapl:1", "intel-rapl:1:0", "intel-rapl:2")) {
                    tree.zone(z).addJoules(10);
                }
                r = read(s);
            }
            int pkg0 = index(s, "cpu:package-0");
            assertFalse(r.isAvailable(pkg0), "a vanished file must not read as an idle package");
            assertTrue(r.failure(pkg0).contains("frozen or its file is gone"), r.failure(pkg0));
        }
    }

    @Test
    void countersThatAllStandStillOrAnIdleUncoreAreNotFrozen() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (RaplSensor s = open(tree)) {
            SensorReadout r = null;
            for (int step = 0; step < 6; step++) {     // nothing moves (a paused VM, a fake tree): no sibling moved
                clock.advance(Duration.ofMillis(500));
                r = read(s);
            }
            for (int i = 0; i < s.domains().size(); i++) {
                assertTrue(r.isAvailable(i), s.domains().get(i).id() + ": " + r.failure(i));
            }
            for (int step = 0; step < 6; step++) {     // the uncore (integrated GPU) is power-gated, the rest counts
                clock.advance(Duration.ofMillis(500));
                for (String z : List.of("intel-rapl:0", "intel-rapl:0:0", "intel-rapl:0:2", "intel-rapl:1")) {
                    tree.zone(z).addJoules(1);
                }
                r = read(s);
            }
            assertTrue(r.isAvailable(index(s, "cpu:package-0/uncore")), r.failure(index(s, "cpu:package-0/uncore")));
        }
    }

    @Test
    void withoutPsysPackagesAndDramAreRoots() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        try (RaplSensor s = RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot())
                .includePsys(false).clock(clock).build()) {
            assertEquals(List.of("cpu:package-0", "dram:0", "cpu:package-1", "dram:1"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertTrue(s.domains().stream().allMatch(SensorDomain::isRoot));
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("psys")), s.notes().toString());
            assertTrue(s.assumptions().isEmpty(), s.assumptions().toString());
        }
    }

    @Test
    void laptopClassifiesByNameSoDramAtIndexTwoIsDram() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (RaplSensor s = open(tree)) {
            Map<String, SensorDomain> d = byId(s);
            assertEquals(List.of("cpu:package-0", "cpu:package-0/core", "cpu:package-0/uncore", "dram:0", "psys"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertEquals("cpu:package-0", d.get("cpu:package-0/core").parent());
            assertEquals("cpu:package-0", d.get("cpu:package-0/uncore").parent());
            assertEquals("psys", d.get("dram:0").parent());
            assertTrue(d.get("dram:0").description().contains("intel-rapl:0:2"), d.get("dram:0").description());

            clock.advance(Duration.ofMillis(500));
            double dram = tree.zone("intel-rapl:0:2").addJoules(1.5);
            double core = tree.zone("intel-rapl:0:0").addJoules(3);
            SensorReadout r = read(s);
            assertEquals(dram, r.value(index(s, "dram:0")), 1e-6);
            assertEquals(core, r.value(index(s, "cpu:package-0/core")), 1e-6);
        }
    }

    @Test
    void zoneIndexDoesNotDecideTheKind() throws Exception {
        FakePowercapTree tree = new FakePowercapTree(dir);
        tree.zone("intel-rapl:0", "psys", FakePowercapTree.INTEL_UNIT_UJ);
        tree.zone("intel-rapl:1", "package-0", FakePowercapTree.INTEL_UNIT_UJ);
        tree.zone("intel-rapl:1:0", "dram", FakePowercapTree.INTEL_UNIT_UJ);
        tree.zone("intel-rapl:1:1", "core", FakePowercapTree.INTEL_UNIT_UJ);
        try (RaplSensor s = open(tree)) {
            Map<String, SensorDomain> d = byId(s);
            assertEquals(Map.of("psys", "", "cpu:package-0", "psys", "dram:0", "psys", "cpu:package-0/core", "cpu:package-0"),
                    d.values().stream().collect(Collectors.toMap(SensorDomain::id, SensorDomain::parent)));
        }
    }

    @Test
    void readsTheSameTreeFromTheClassDirTheDevicesDirAndTheSysfsRoot() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        List<String> expected;
        try (RaplSensor s = open(tree)) {
            expected = s.domains().stream().map(SensorDomain::id).toList();
        }
        for (Path root : List.of(tree.sysfsRoot(), tree.devicesRoot())) {
            try (RaplSensor s = RaplSensor.at(root)) {
                assertEquals(expected, s.domains().stream().map(SensorDomain::id).toList(), root.toString());
            }
        }
    }

    @Test
    void amdMirroredDieCountersAreCountedOnce() throws Exception {
        FakePowercapTree tree = FakePowercapTree.amdEpycMirroredDies(dir);
        try (RaplSensor s = open(tree)) {
            assertEquals(List.of("cpu:package-0", "cpu:package-0/core", "cpu:package-1", "cpu:package-1/core"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertEquals(6, s.notes().stream().filter(n -> n.contains("mirrors")).count(), s.notes().toString());
            assertTrue(byId(s).get("cpu:package-0").description().contains("wraps at 65536 J"),
                    byId(s).get("cpu:package-0").description());

            clock.advance(Duration.ofSeconds(2));
            double added = tree.zone("intel-rapl:4").addJoules(300); // package 1's first die; its mirrors follow
            SensorReadout r = read(s);
            assertEquals(added, r.value(index(s, "cpu:package-1")), 1e-6);
            assertEquals(0.0, r.value(index(s, "cpu:package-0")), 0.0);
        }
    }

    @Test
    void distinctDieCountersAreKeptApart() throws Exception {
        FakePowercapTree tree = new FakePowercapTree(dir);
        tree.zone("intel-rapl:0", "package-0-die-0", FakePowercapTree.INTEL_UNIT_UJ).setTicks(1000);
        tree.zone("intel-rapl:1", "package-0-die-1", FakePowercapTree.INTEL_UNIT_UJ).setTicks(2000);
        tree.zone("intel-rapl:1:0", "dram", FakePowercapTree.SERVER_DRAM_UNIT_UJ).setTicks(5);
        try (RaplSensor s = open(tree)) {
            assertEquals(List.of("cpu:package-0-die-0", "cpu:package-0-die-1", "dram:0-die-1"),
                    s.domains().stream().map(SensorDomain::id).toList());
            assertTrue(s.domains().stream().allMatch(SensorDomain::isRoot));
        }
    }

    @Test
    void mmioDuplicateOfThePackageIsDropped() throws Exception {
        FakePowercapTree tree = FakePowercapTree.laptopWithMmio(dir);
        try (RaplSensor s = open(tree)) {
            assertEquals(1, s.domains().stream().filter(d -> d.id().equals("cpu:package-0")).count());
            assertTrue(byId(s).get("cpu:package-0").description().contains("intel-rapl:0/energy_uj"));
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("intel-rapl-mmio:0") && n.contains("intel-rapl:0")),
                    s.notes().toString());
            clock.advance(Duration.ofSeconds(1));
            double added = tree.zone("intel-rapl:0").addJoules(5);
            assertEquals(added, read(s).value(index(s, "cpu:package-0")), 1e-6);
        }
    }

    @Test
    void mmioAloneIsRead() throws Exception {
        FakePowercapTree tree = new FakePowercapTree(dir);
        tree.zone("intel-rapl-mmio:0", "package-0", FakePowercapTree.INTEL_UNIT_UJ).setTicks(10);
        try (RaplSensor s = open(tree)) {
            assertEquals(List.of("cpu:package-0"), s.domains().stream().map(SensorDomain::id).toList());
        }
    }

    @Test
    void unknownZoneNamesAreSkippedAndSaid() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        tree.zone("intel-rapl:0:3", "gpu-tile", FakePowercapTree.INTEL_UNIT_UJ);
        try (RaplSensor s = open(tree)) {
            assertFalse(s.domains().stream().anyMatch(d -> d.id().contains("gpu")));
            assertTrue(s.notes().stream().anyMatch(n -> n.contains("gpu-tile")), s.notes().toString());
        }
    }

    @Test
    void wraparoundIsCorrected() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        FakePowercapTree.Zone pkg = tree.zone("intel-rapl:0");
        pkg.setTicks(0xFFFF_FFFFL - 1000); // 1000 units before the wrap
        try (RaplSensor s = open(tree)) {
            clock.advance(Duration.ofSeconds(10));
            pkg.setTicks(pkg.ticks() + 5000); // wraps: shown value is now small
            SensorReadout r = read(s);
            double expected = 5000 * FakePowercapTree.INTEL_UNIT_UJ / 1e6;
            assertEquals(expected, r.value(index(s, "cpu:package-0")), 2e-6);
        }
    }

    @Test
    void counterResetIsDroppedAndSaidNeverCounted() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        FakePowercapTree.Zone pkg = tree.zone("intel-rapl:0");
        try (RaplSensor s = open(tree)) {
            int i = index(s, "cpu:package-0");
            clock.advance(Duration.ofSeconds(1));
            double first = pkg.addJoules(10);
            assertEquals(first, read(s).value(i), 1e-6);

            clock.advance(Duration.ofSeconds(1));
            pkg.energyUj(1000); // counter reset (resume from suspend): far back, would mean ~262 kJ in 1 s
            SensorReadout r = read(s);
            assertEquals(first, r.value(i), 0.0, "the dropped delta is not counted");
            String why = r.seriesBreak(i);
            assertTrue(why != null && why.contains("counter reset") && why.contains("intel-rapl:0/energy_uj"), why);

            clock.advance(Duration.ofSeconds(1));
            pkg.energyUj(1000 + 2_000_000); // 2 J after the reset
            assertEquals(first + 2.0, read(s).value(i), 1e-6);
        }
    }

    @Test
    void readsTooFarApartToRuleOutSeveralWrapsAreDropped() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (RaplSensor s = open(tree)) {
            int i = index(s, "cpu:package-0");
            // 262 kJ at 25 W (the zone's declared maximum) is 10485 s.
            clock.advance(Duration.ofSeconds(11_000));
            tree.zone("intel-rapl:0").addJoules(10);
            SensorReadout r = read(s);
            assertEquals(0.0, r.value(i), 0.0);
            assertTrue(r.seriesBreak(i).contains("more than once"), r.seriesBreak(i));
        }
    }

    @Test
    void maximumSamplingPeriodIsHalfTheShortestWrapAtMaximumPower() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        try (RaplSensor s = open(tree)) {
            // DRAM: no declared maximum, assumed 250 W; range floor((2^32-1) * 15.3 uJ).
            double dramRange = Math.floor(4294967295.0 * 15.3) / 1e6;
            double pkgRange = Math.floor(4294967295.0 * FakePowercapTree.INTEL_UNIT_UJ) / 1e6;
            double expected = Math.min(Math.min(dramRange / 250, pkgRange / 246), pkgRange / 800) / 2;
            assertEquals(expected, s.maximumSamplingPeriod().toNanos() / 1e9, 1e-3);
            assertEquals(Duration.ofMillis(1), s.updatePeriod());
        }
    }

    @Test
    void missingOrZeroRangeIsSaidAndABackwardsCounterIsDropped() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        tree.zone("intel-rapl:0:0").remove("max_energy_range_uj");
        tree.zone("intel-rapl:0:1").maxEnergyRangeUj("0");
        try (RaplSensor s = open(tree)) {
            Map<String, SensorDomain> d = byId(s);
            assertTrue(d.get("cpu:package-0/core").description().contains("max_energy_range_uj is missing"),
                    d.get("cpu:package-0/core").description());
            assertTrue(d.get("cpu:package-0/uncore").description().contains("max_energy_range_uj is 0"));
            assertEquals(2, s.notes().stream().filter(n -> n.contains("wraparound cannot be corrected")).count());
            // The sampling period assumes the smallest known range for them: 65536 J at the assumed 500 W core maximum.
            assertEquals(65536.0 / 500 / 2, s.maximumSamplingPeriod().toNanos() / 1e9, 1e-3);

            int core = index(s, "cpu:package-0/core");
            clock.advance(Duration.ofSeconds(1));
            double added = tree.zone("intel-rapl:0:0").addJoules(4);
            assertEquals(added, read(s).value(core), 1e-6);
            clock.advance(Duration.ofSeconds(1));
            tree.zone("intel-rapl:0:0").energyUj(5);
            SensorReadout r = read(s);
            assertEquals(added, r.value(core), 1e-6);
            assertTrue(r.seriesBreak(core).contains("wrap range is unknown"), r.seriesBreak(core));
            clock.advance(Duration.ofSeconds(1));
            tree.zone("intel-rapl:0:0").energyUj(1_000_005);
            assertEquals(added + 1.0, read(s).value(core), 1e-6);
        }
    }

    @Test
    void unreadableEnergyEverywhereFailsNamingFileAndFixes() {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        InjectedSysfs sysfs = new InjectedSysfs().denyOpen("energy_uj");
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> open(tree.powercapRoot(), sysfs));
        assertEquals(1, e.attempts().size());
        assertEquals(RaplBackend.POWERCAP, e.attempts().get(0).backend());
        String m = e.getMessage();
        for (String needle : List.of("intel-rapl:0/energy_uj", "permission denied", "CVE-2020-8694", "tmpfiles.d",
                "udev", "bind-mount", "RaplSensor.at(path)", "CAP_PERFMON")) {
            assertTrue(m.contains(needle), "message lacks '" + needle + "': " + m);
        }
    }

    @Test
    void unreadablePsysIsUnavailableWithTheFixesAndPackagesBecomeRoots() throws Exception {
        FakePowercapTree tree = FakePowercapTree.twoSocketServer(dir);
        InjectedSysfs sysfs = new InjectedSysfs().denyOpen("intel-rapl:2/energy_uj");
        try (RaplSensor s = open(tree.powercapRoot(), sysfs)) {
            Map<String, SensorDomain> d = byId(s);
            assertTrue(d.get("cpu:package-0").isRoot(), "an unreadable psys must not hide the packages");
            assertTrue(d.get("dram:0").isRoot());
            SensorReadout r = read(s);
            int psys = index(s, "psys");
            assertFalse(r.isAvailable(psys));
            assertTrue(r.failure(psys).contains("intel-rapl:2/energy_uj") && r.failure(psys).contains("tmpfiles.d"),
                    r.failure(psys));
            assertTrue(r.isAvailable(index(s, "cpu:package-0")));
        }
    }

    @Test
    void aCounterThatBecomesUnreadableIsUnavailableThenRecovers() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        InjectedSysfs sysfs = new InjectedSysfs();
        try (RaplSensor s = open(tree.powercapRoot(), sysfs)) {
            int pkg = index(s, "cpu:package-0");
            sysfs.denyReads("intel-rapl:0/energy_uj");
            clock.advance(Duration.ofSeconds(1));
            double a = tree.zone("intel-rapl:0").addJoules(3);
            SensorReadout r = read(s);
            assertFalse(r.isAvailable(pkg));
            assertTrue(r.failure(pkg).contains("permission denied reading") && r.failure(pkg).contains("intel-rapl:0/energy_uj"));
            sysfs.allowReads("intel-rapl:0/energy_uj");
            clock.advance(Duration.ofSeconds(1));
            double b = tree.zone("intel-rapl:0").addJoules(2);
            assertEquals(a + b, read(s).value(pkg), 1e-6, "energy during the unreadable read is not lost");
        }
    }

    @Test
    void realChmodMakesTheCounterUnreadableWhenNotRoot() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        tree.zone("intel-rapl:1").chmod("energy_uj", "---------");
        assumeFalse(Files.isReadable(tree.zone("intel-rapl:1").energyFile()),
                "running as root: file modes do not stop reads (the injected-permission tests cover this)");
        try (RaplSensor s = open(tree)) {
            SensorReadout r = read(s);
            int psys = index(s, "psys");
            assertFalse(r.isAvailable(psys));
            assertTrue(r.failure(psys).contains("permission denied reading"), r.failure(psys));
        }
    }

    @Test
    void noTreeFailsNamingThePathAndTheDriver() {
        Path missing = dir.resolve("no-such-powercap");
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> RaplSensor.at(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("modprobe intel_rapl_msr"),
                e.getMessage());
    }

    @Test
    void emptyTreeFailsSayingNoZones() throws Exception {
        Files.createDirectories(dir.resolve("powercap"));
        RaplUnavailableException e = assertThrows(RaplUnavailableException.class, () -> RaplSensor.at(dir.resolve("powercap")));
        assertTrue(e.getMessage().contains("no RAPL zones"), e.getMessage());
    }

    @Test
    void malformedEnergyFileIsUnavailableNamingTheFileAndContent() throws Exception {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        try (RaplSensor s = open(tree)) {
            tree.zone("intel-rapl:0:1").write("energy_uj", "12ab");
            SensorReadout r = read(s);
            int i = index(s, "cpu:package-0/uncore");
            assertFalse(r.isAvailable(i));
            assertTrue(r.failure(i).contains("intel-rapl:0:1/energy_uj") && r.failure(i).contains("12ab"), r.failure(i));
        }
    }

    @Test
    void closeIsIdempotentAndReadAfterCloseFails() throws Exception {
        RaplSensor s = open(FakePowercapTree.clientLaptop(dir));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> read(s));
    }
}
