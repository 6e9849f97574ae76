package dev.greenslice.test.rapl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake tree is laid out and counts as the kernel's powercap RAPL driver does. */
class FakePowercapTreeTest {

    @TempDir
    Path dir;

    @Test
    void zonesAreRealDirectoriesUnderDevicesWithRelativeLinksInClass() throws IOException {
        FakePowercapTree tree = FakePowercapTree.clientLaptop(dir);
        Path link = tree.powercapRoot().resolve("intel-rapl:0:2");
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(!Files.readSymbolicLink(link).isAbsolute(), "sysfs links are relative");
        assertEquals(tree.devicesRoot().resolve("intel-rapl/intel-rapl:0/intel-rapl:0:2").toRealPath(), link.toRealPath());
        assertEquals("dram\n", Files.readString(link.resolve("name")));
        assertEquals("1\n", Files.readString(link.resolve("enabled")));
    }

    @Test
    void theCounterIsA32BitCountOfHardwareUnitsShownInMicrojoules() throws IOException {
        FakePowercapTree tree = new FakePowercapTree(dir);
        FakePowercapTree.Zone z = tree.zone("intel-rapl:0", "package-0", FakePowercapTree.INTEL_UNIT_UJ);
        assertEquals(Long.toString((long) Math.floor(4294967295.0 * FakePowercapTree.INTEL_UNIT_UJ)) + "\n",
                Files.readString(z.directory().resolve("max_energy_range_uj")));
        double added = z.addJoules(1.0);
        assertEquals(16384 * FakePowercapTree.INTEL_UNIT_UJ / 1e6, added, 1e-12, "whole 2^-14 J units");
        assertEquals("1000000\n", Files.readString(z.energyFile()));
        z.setTicks((1L << 32) + 3);
        assertEquals("183\n", Files.readString(z.energyFile()), "wraps modulo 2^32: floor(3 x 61.035 uJ)");
        assertEquals((1L << 32) + 3, z.ticks());
        assertThrows(IllegalArgumentException.class, () -> tree.zone("intel-rapl:9"));
    }

    @Test
    void mirroredDiesShowTheirPackagesCounter() throws IOException {
        FakePowercapTree tree = FakePowercapTree.amdEpycMirroredDies(dir);
        tree.zone("intel-rapl:0").addJoules(10);
        assertEquals(Files.readString(tree.zone("intel-rapl:0").energyFile()),
                Files.readString(tree.zone("intel-rapl:3").energyFile()));
    }

    @Test
    void hostileKeysNamesAndUnitsAreRefusedBeforeAnythingIsWritten() throws IOException {
        FakePowercapTree tree = new FakePowercapTree(dir);
        for (String key : new String[] {"../../etc:0", "intel-rapl", "intel-rapl:0/x", "intel-rapl:0:1:2", "", "a:99999"}) {
            assertThrows(IllegalArgumentException.class, () -> tree.zone(key, "package-0", 61), key);
        }
        assertThrows(IllegalArgumentException.class, () -> tree.zone("intel-rapl:0", "a\nb", 61));
        assertThrows(IllegalArgumentException.class, () -> tree.zone("intel-rapl:0", "p", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.zone("intel-rapl:0", "p", -1));
        try (var files = Files.list(dir.resolve("class/powercap"))) {
            assertEquals(0, files.count(), "a refused zone left files");
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only class/ was created");
        }
    }
}
