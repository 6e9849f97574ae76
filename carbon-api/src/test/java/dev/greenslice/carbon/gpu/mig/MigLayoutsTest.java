package dev.greenslice.carbon.gpu.mig;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigLayoutsTest {

    private static final MigGeometry A100_80 = GpuCatalog.A100_SXM4_80GB.mig();

    /** NVIDIA's MIG user guide draws these 19 configurations of the base profiles for A100 (and H100). */
    private static final List<String> NINETEEN = List.of(
            "1g@0,1g@1,1g@2,1g@3,1g@4,1g@5,1g@6",
            "1g@0,1g@1,1g@2,1g@3,2g@4,1g@6",
            "1g@0,1g@1,1g@2,1g@3,3g@4",
            "1g@0,1g@1,2g@2,1g@4,1g@5,1g@6",
            "1g@0,1g@1,2g@2,2g@4,1g@6",
            "1g@0,1g@1,2g@2,3g@4",
            "2g@0,1g@2,1g@3,1g@4,1g@5,1g@6",
            "2g@0,1g@2,1g@3,2g@4,1g@6",
            "2g@0,1g@2,1g@3,3g@4",
            "2g@0,2g@2,1g@4,1g@5,1g@6",
            "2g@0,2g@2,2g@4,1g@6",
            "2g@0,2g@2,3g@4",
            "3g@0,1g@4,1g@5,1g@6",
            "3g@0,2g@4,1g@6",
            "3g@0,3g@4",
            "4g@0,1g@4,1g@5,1g@6",
            "4g@0,2g@4,1g@6",
            "4g@0,3g@4",
            "7g@0");

    @Test
    void a100HasExactlyTheNineteenMaximalLayoutsNvidiaDocuments() {
        List<MigLayout> maximal = MigLayouts.maximalBase(A100_80);
        assertEquals(19, maximal.size());
        List<MigLayout> expected = NINETEEN.stream().map(t -> MigLayout.parse(A100_80, t)).toList();
        assertEquals(new HashSet<>(expected), new HashSet<>(maximal), "got " + maximal);
        assertEquals(expected, maximal, "deterministic order: by instances, by placement");
    }

    @Test
    void everyA100AndH100ClassGpuHasNineteenMaximalBaseLayouts() {
        for (GpuModel m : List.of(GpuCatalog.A100_PCIE_40GB, GpuCatalog.A100_SXM4_40GB, GpuCatalog.A100_PCIE_80GB,
                GpuCatalog.A100_SXM4_80GB, GpuCatalog.H100_SXM5_80GB, GpuCatalog.H100_PCIE_80GB,
                GpuCatalog.H100_NVL_94GB, GpuCatalog.H200_SXM_141GB)) {
            List<MigLayout> maximal = MigLayouts.maximalBase(m.mig());
            assertEquals(19, maximal.size(), m.id());
            assertEquals(NINETEEN, maximal.stream().map(MigLayoutsTest::computeNames).toList(), m.id());
        }
    }

    @Test
    void a30HasFiveMaximalBaseLayouts() {
        MigGeometry a30 = GpuCatalog.A30_24GB.mig();
        assertEquals(List.of("1g@0,1g@1,1g@2,1g@3", "1g@0,1g@1,2g@2", "2g@0,1g@2,1g@3", "2g@0,2g@2", "4g@0"),
                MigLayouts.maximalBase(a30).stream().map(MigLayoutsTest::computeNames).toList());
    }

    @Test
    void allProfilesAddMediaExtensionAndDoubleMemoryLayouts() {
        List<MigLayout> all = MigLayouts.maximalAll(A100_80);
        assertTrue(all.size() > 19);
        assertTrue(all.contains(MigLayout.parse(A100_80, "1g.20gb@0,1g.20gb@2,1g.20gb@4,1g.20gb@6")));
        assertTrue(all.contains(MigLayout.parse(A100_80, "1g.10gb+me@0,1g.10gb@1,1g.10gb@2,1g.10gb@3,1g.10gb@4,1g.10gb@5,1g.10gb@6")));
        for (MigLayout l : all) {
            assertTrue(l.isValid(), l.toString());
            long media = l.instances().stream().filter(i -> i.profile().mediaExtensions()).count();
            assertTrue(media <= 1, l.toString());
        }
        // A base-profile maximal layout of 7 x 1g stays maximal with all profiles: nothing else fits.
        assertTrue(all.contains(MigLayout.parse(A100_80, "1g@0,1g@1,1g@2,1g@3,1g@4,1g@5,1g@6")));
    }

    @Test
    void enumerationListsEachValidLayoutOnceAndNothingInvalid() {
        List<MigLayout> all = MigLayouts.all(A100_80);
        assertEquals(all.size(), new HashSet<>(all).size());
        assertTrue(all.stream().allMatch(MigLayout::isValid));
        assertTrue(all.stream().noneMatch(l -> l.instances().isEmpty()));
        // The 297 non-empty valid layouts of the five base profiles, counted independently below.
        assertEquals(countBaseLayoutsBySlotWalk(), MigLayouts.all(A100_80, A100_80.baseProfiles()).size());
    }

    @Test
    void fourGPlusThreeGIsValid() {
        MigLayout l = MigLayout.parse(A100_80, "4g@0,3g@4");
        assertTrue(l.isValid());
        assertEquals(7, l.computeSlicesUsed());
        assertEquals("4g.40gb@0,3g.40gb@4", l.toString());
    }

    @Test
    void fourGPlusFourGIsInvalidAndTheErrorNamesInstancesAndSlots() {
        InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class,
                () -> MigLayout.parse(A100_80, "4g@0,4g@4"));
        assertTrue(e.getMessage().contains("4g.40gb@4: 4g.40gb cannot start at memory slot 4 (allowed placements: {0}:4)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("8 compute slices"), e.getMessage());

        InvalidMigLayoutException same = assertThrows(InvalidMigLayoutException.class,
                () -> MigLayout.parse(A100_80, "4g@0,4g@0"));
        assertTrue(same.getMessage().contains("4g.40gb@0 and 4g.40gb@0 overlap on memory slots 0-3"), same.getMessage());
    }

    @Test
    void threeGThreeGOneGIsInvalidWhereverTheOneGGoes() {
        for (int s = 0; s <= 6; s++) {
            String text = "3g@0,3g@4,1g@" + s;
            InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class,
                    () -> MigLayout.parse(A100_80, text), text);
            String other = s < 4 ? "3g.40gb@0" : "3g.40gb@4";
            String problem = e.problems().get(0);
            assertTrue(problem.contains(other) && problem.contains("1g.10gb@" + s)
                    && problem.endsWith("overlap on memory slot " + s), problem);
            assertEquals(1, e.problems().size(), e.problems().toString());
        }
    }

    @Test
    void onlyOneMediaExtensionInstanceFits() {
        InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class,
                () -> MigLayout.parse(A100_80, "1g.10gb+me@0,1g.10gb+me@1"));
        assertTrue(e.getMessage().contains("1g.10gb+me@0 and 1g.10gb+me@1 both hold the media extensions"), e.getMessage());
        MigGeometry a30 = GpuCatalog.A30_24GB.mig();
        assertThrows(InvalidMigLayoutException.class, () -> MigLayout.parse(a30, "1g.6gb+me@0,2g.12gb+me@2"));
        assertTrue(MigLayout.parse(a30, "1g.6gb+me@0,1g.6gb@1,2g.12gb@2").isValid());
    }

    @Test
    void parseRejectsMalformedTextNamingThePart() {
        IllegalArgumentException noAt = assertThrows(IllegalArgumentException.class, () -> MigLayout.parse(A100_80, "4g0"));
        assertTrue(noAt.getMessage().contains("'4g0'"), noAt.getMessage());
        IllegalArgumentException badStart = assertThrows(IllegalArgumentException.class,
                () -> MigLayout.parse(A100_80, "4g@x"));
        assertTrue(badStart.getMessage().contains("'x'"), badStart.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> MigLayout.parse(A100_80, "5g@0"));
        assertTrue(unknown.getMessage().contains("'5g'") && unknown.getMessage().contains("3g.40gb"),
                unknown.getMessage());
        assertFalse(unknown instanceof InvalidMigLayoutException);
    }

    @Test
    void profilesOfAnotherGeometryAreRejected() {
        MigProfile h100NvlOneG = GpuCatalog.H100_NVL_94GB.mig().resolve("1g");
        assertThrows(IllegalArgumentException.class, () -> MigLayouts.candidates(A100_80, List.of(h100NvlOneG)));
        MigLayout foreign = new MigLayout(A100_80, List.of(MigInstance.of(h100NvlOneG, 0)));
        assertFalse(foreign.isValid());
        assertTrue(foreign.problems().get(0).contains("does not exist on A100-SXM4-80GB"), foreign.problems().toString());
    }

    private static String computeNames(MigLayout l) {
        return String.join(",", l.instances().stream()
                .map(i -> i.profile().computeName() + "@" + i.placement().start()).toList());
    }

    /*
     * Independent count of base-profile layouts on the 8 memory slots: walk the slots left to right, at
     * each slot either leave it empty or start an allowed instance there; then drop layouts over 7 compute
     * slices and the empty one.
     */
    private static int countBaseLayoutsBySlotWalk() {
        int[][] starts = {{0, 1, 2, 3, 4, 5, 6}, {0, 2, 4}, {0, 4}, {0}, {0}};
        int[] size = {1, 2, 4, 4, 8};
        int[] compute = {1, 2, 3, 4, 7};
        return walk(0, 0, starts, size, compute) - 1;
    }

    private static int walk(int slot, int used, int[][] starts, int[] size, int[] compute) {
        if (used > 7) {
            return 0;
        }
        if (slot >= 8) {
            return 1;
        }
        int n = walk(slot + 1, used, starts, size, compute);
        for (int p = 0; p < starts.length; p++) {
            for (int s : starts[p]) {
                if (s == slot && slot + size[p] <= 8) {
                    n += walk(slot + size[p], used + compute[p], starts, size, compute);
                }
            }
        }
        return n;
    }
}
