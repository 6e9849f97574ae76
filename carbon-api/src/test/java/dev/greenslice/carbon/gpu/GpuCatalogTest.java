package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuCatalogTest {

    @Test
    void catalogHoldsTheElevenProductsWithDistinctIds() {
        List<GpuModel> all = GpuCatalog.all();
        assertEquals(List.of("A100-PCIE-40GB", "A100-SXM4-40GB", "A100-PCIE-80GB", "A100-SXM4-80GB", "H100-SXM5-80GB",
                "H100-PCIE-80GB", "H100-NVL-94GB", "H200-SXM-141GB", "A30-24GB", "L4-24GB", "T4-16GB"),
                GpuCatalog.ids());
        assertEquals(11, new HashSet<>(all).size());
    }

    @Test
    void byIdAcceptsIdsConstantNamesAndNvmlNamesIgnoringCase() {
        assertSame(GpuCatalog.A100_PCIE_40GB, GpuCatalog.byId("A100-PCIE-40GB"));
        assertSame(GpuCatalog.A100_PCIE_40GB, GpuCatalog.byId("a100-pcie-40gb"));
        assertSame(GpuCatalog.A100_PCIE_40GB, GpuCatalog.byId("A100_PCIE_40GB"));
        assertSame(GpuCatalog.A100_SXM4_80GB, GpuCatalog.byId("A100-SXM4-80GB"));
        assertSame(GpuCatalog.A100_SXM4_80GB, GpuCatalog.byId("NVIDIA A100-SXM4-80GB"));
        assertSame(GpuCatalog.A100_PCIE_80GB, GpuCatalog.byId("NVIDIA A100 80GB PCIe"));
        assertSame(GpuCatalog.H100_SXM5_80GB, GpuCatalog.byId("NVIDIA H100 80GB HBM3"));
        assertSame(GpuCatalog.H100_NVL_94GB, GpuCatalog.byId("nvidia h100 nvl"));
        assertSame(GpuCatalog.H200_SXM_141GB, GpuCatalog.byId(" NVIDIA H200 "));
        assertSame(GpuCatalog.T4_16GB, GpuCatalog.byId("Tesla T4"));
    }

    @Test
    void everyIdAndNvmlNameResolvesToItsOwnProduct() {
        for (GpuModel m : GpuCatalog.all()) {
            assertSame(m, GpuCatalog.byId(m.id()), m.id());
            assertFalse(m.nvmlNames().isEmpty(), m.id());
            for (String n : m.nvmlNames()) {
                assertSame(m, GpuCatalog.forNvmlName(n).orElseThrow(), n);
            }
        }
    }

    @Test
    void unknownGpuNamesTheInputAndListsTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpuCatalog.byId("B200"));
        assertTrue(e.getMessage().contains("'B200'"), e.getMessage());
        for (String id : GpuCatalog.ids()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> GpuCatalog.byId(" "));
        assertThrows(IllegalArgumentException.class, () -> GpuCatalog.byId("H100"), "ambiguous short names are not guessed");
    }

    @Test
    void forNvmlNameMapsMigDeviceNamesToTheirParentAndUnknownToEmpty() {
        assertSame(GpuCatalog.A100_SXM4_80GB, GpuCatalog.forNvmlName("NVIDIA A100-SXM4-80GB MIG 3g.40gb").orElseThrow());
        assertSame(GpuCatalog.H100_NVL_94GB, GpuCatalog.forNvmlName("NVIDIA H100 NVL MIG 1g.12gb+me").orElseThrow());
        assertTrue(GpuCatalog.forNvmlName("NVIDIA GeForce RTX 4090").isEmpty());
        assertTrue(GpuCatalog.forNvmlName("").isEmpty());
        assertTrue(GpuCatalog.forNvmlName(null).isEmpty());
    }

    @Test
    void diesCarryTheirAreaNodeAndActRow() {
        assertEquals(826.0, GpuCatalog.GA100.areaMm2());
        assertEquals(8.26, GpuCatalog.GA100.areaCm2(), 1e-12);
        assertEquals("7nm", GpuCatalog.GA100.actNode());
        assertEquals("5nm", GpuCatalog.GH100.actNode());
        assertTrue(GpuCatalog.GH100.note().contains("5nm") && GpuCatalog.GH100.note().contains("4N"));
        assertEquals(814.0, GpuCatalog.GH100.areaMm2());
        assertEquals(294.5, GpuCatalog.AD104.areaMm2());
        assertEquals("5nm", GpuCatalog.AD104.actNode());
        assertEquals(545.0, GpuCatalog.TU104.areaMm2());
        assertEquals("14nm", GpuCatalog.TU104.actNode());
        assertFalse(GpuCatalog.TU104.note().isEmpty());

        assertSame(GpuCatalog.GA100, GpuCatalog.A30_24GB.die());
        assertSame(GpuCatalog.GH100, GpuCatalog.H200_SXM_141GB.die());
        assertSame(GpuCatalog.AD104, GpuCatalog.L4_24GB.die());
        assertSame(GpuCatalog.TU104, GpuCatalog.T4_16GB.die());
    }

    @Test
    void memoryAndBoardPowerAreTheDatasheetFigures() {
        assertEquals(40, GpuCatalog.A100_PCIE_40GB.memoryGb());
        assertEquals("HBM2", GpuCatalog.A100_PCIE_40GB.memoryType());
        assertEquals(250, GpuCatalog.A100_PCIE_40GB.boardPower().toWatts());
        assertEquals(400, GpuCatalog.A100_SXM4_80GB.boardPower().toWatts());
        assertEquals(700, GpuCatalog.H100_SXM5_80GB.boardPower().toWatts());
        assertEquals(94, GpuCatalog.H100_NVL_94GB.memoryGb());
        assertEquals(141, GpuCatalog.H200_SXM_141GB.memoryGb());
        assertEquals("HBM3e", GpuCatalog.H200_SXM_141GB.memoryType());
        assertEquals(165, GpuCatalog.A30_24GB.boardPower().toWatts());
        assertEquals(72, GpuCatalog.L4_24GB.boardPower().toWatts());
        assertEquals("GDDR6", GpuCatalog.T4_16GB.memoryType());
    }

    @Test
    void l4AndT4HaveNoMig() {
        assertFalse(GpuCatalog.L4_24GB.supportsMig());
        assertFalse(GpuCatalog.T4_16GB.supportsMig());
        assertTrue(GpuCatalog.T4_16GB.migGeometry().isEmpty());
    }

    @Test
    void a100And80GbMigTableMatchesNvidiaSmi() {
        MigGeometry g = GpuCatalog.A100_SXM4_80GB.mig();
        assertEquals(7, g.computeSlices());
        assertEquals(8, g.memorySlots());
        assertEquals(List.of("1g.10gb", "1g.10gb+me", "1g.20gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"),
                g.profiles().stream().map(MigProfile::name).toList());
        assertEquals(List.of(19, 20, 15, 14, 9, 5, 0), g.profiles().stream().map(MigProfile::nvmlProfileId).toList());
        assertEquals(List.of(0, 7, 9, 1, 2, 3, 4), g.profiles().stream().map(MigProfile::nvmlProfileIndex).toList());
        assertEquals(List.of(14, 14, 14, 28, 42, 56, 98), g.profiles().stream().map(MigProfile::smCount).toList());
        assertEquals(List.of(1, 1, 1, 2, 3, 4, 7), g.profiles().stream().map(MigProfile::computeSlices).toList());
        assertEquals(List.of(1, 1, 2, 2, 4, 4, 8), g.profiles().stream().map(MigProfile::memorySlices).toList());
        assertEquals(List.of(10.0, 10.0, 20.0, 20.0, 40.0, 40.0, 80.0),
                g.profiles().stream().map(MigProfile::memoryGb).toList());
        assertEquals(List.of(false, true, false, false, false, false, false),
                g.profiles().stream().map(MigProfile::mediaExtensions).toList());

        assertEquals(starts(0, 1, 2, 3, 4, 5, 6), startsOf(g, "1g.10gb"));
        assertEquals(starts(0, 1, 2, 3, 4, 5, 6), startsOf(g, "1g.10gb+me"));
        assertEquals(starts(0, 2, 4, 6), startsOf(g, "1g.20gb"));
        assertEquals(starts(0, 2, 4), startsOf(g, "2g.20gb"));
        assertEquals(starts(0, 4), startsOf(g, "3g.40gb"));
        assertEquals(starts(0), startsOf(g, "4g.40gb"));
        assertEquals(starts(0), startsOf(g, "7g.80gb"));
        assertEquals(new MigPlacement(0, 8), g.resolve("7g").placements().get(0));
    }

    @Test
    void otherMigTablesCarryTheirOwnNamesAndSms() {
        assertEquals(List.of("1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"),
                names(GpuCatalog.A100_PCIE_40GB.mig()));
        assertEquals(List.of(16, 16, 26, 32, 60, 64, 132), sms(GpuCatalog.H100_SXM5_80GB.mig()));
        assertEquals(List.of(14, 14, 14, 30, 46, 62, 114), sms(GpuCatalog.H100_PCIE_80GB.mig()));
        assertEquals(List.of("1g.12gb", "1g.12gb+me", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb"),
                names(GpuCatalog.H100_NVL_94GB.mig()));
        assertEquals(List.of("1g.18gb", "1g.18gb+me", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"),
                names(GpuCatalog.H200_SXM_141GB.mig()));
        assertEquals(List.of(16, 16, 26, 32, 60, 64, 132), sms(GpuCatalog.H200_SXM_141GB.mig()));

        MigGeometry a30 = GpuCatalog.A30_24GB.mig();
        assertEquals(4, a30.computeSlices());
        assertEquals(4, a30.memorySlots());
        assertEquals(List.of("1g.6gb", "1g.6gb+me", "2g.12gb", "2g.12gb+me", "4g.24gb"), names(a30));
        assertEquals(List.of(14, 21, 5, 6, 0), a30.profiles().stream().map(MigProfile::nvmlProfileId).toList());
        assertEquals(List.of(0, 7, 1, 8, 3), a30.profiles().stream().map(MigProfile::nvmlProfileIndex).toList());
        assertEquals(starts(0, 1, 2, 3), startsOf(a30, "1g.6gb+me"));
        assertEquals(starts(0, 2), startsOf(a30, "2g.12gb+me"));
        assertEquals(starts(0), startsOf(a30, "4g.24gb"));
    }

    @Test
    void everyMigProfileIsConsistentWithItsGeometry() {
        for (GpuModel m : GpuCatalog.all()) {
            if (!m.supportsMig()) {
                continue;
            }
            MigGeometry g = m.mig();
            assertEquals(m.id(), g.gpu());
            Set<Integer> ids = new HashSet<>();
            double fullMemory = 0;
            for (MigProfile p : g.profiles()) {
                assertTrue(ids.add(p.nvmlProfileId()), m.id() + ": duplicate profile id " + p.nvmlProfileId());
                assertTrue(p.name().startsWith(p.computeSlices() + "g."), p.name());
                assertEquals(p.mediaExtensions(), p.name().endsWith("+me"), p.name());
                assertFalse(p.placements().isEmpty(), p.name());
                for (MigPlacement pl : p.placements()) {
                    assertTrue(pl.end() <= g.memorySlots(), p + " " + pl);
                }
                fullMemory = Math.max(fullMemory, p.memoryGb());
            }
            assertEquals(m.memoryGb(), fullMemory, m.id() + ": the full-GPU profile carries the whole memory");
            assertEquals(g.computeSlices(), g.baseProfiles().get(g.baseProfiles().size() - 1).computeSlices());
        }
    }

    private static List<Integer> starts(Integer... s) {
        return List.of(s);
    }

    private static List<Integer> startsOf(MigGeometry g, String profile) {
        return g.profile(profile).orElseThrow().placements().stream().map(MigPlacement::start).toList();
    }

    private static List<String> names(MigGeometry g) {
        return g.profiles().stream().map(MigProfile::name).toList();
    }

    private static List<Integer> sms(MigGeometry g) {
        return g.profiles().stream().map(MigProfile::smCount).toList();
    }
}
