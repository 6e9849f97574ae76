package dev.greenslice.carbon.gpu.mig;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

/** Properties of MIG validation and enumeration on every MIG-capable GPU of the catalog. */
class MigLayoutPropertiesTest {

    private static final List<MigGeometry> GEOMETRIES = GpuCatalog.all().stream()
            .filter(GpuModel::supportsMig).map(GpuModel::mig).toList();

    private static final Map<String, List<MigLayout>> CACHE = new ConcurrentHashMap<>();

    private record Case(MigGeometry geometry, boolean allProfiles, List<MigInstance> instances) {
        List<MigProfile> profiles() {
            return allProfiles ? geometry.profiles() : geometry.baseProfiles();
        }

        @Override
        public String toString() {
            return geometry.gpu() + (allProfiles ? " (all profiles) " : " (base profiles) ") + instances;
        }
    }

    private static List<MigLayout> maximal(MigGeometry g, boolean allProfiles) {
        return CACHE.computeIfAbsent(g.gpu() + allProfiles,
                k -> allProfiles ? MigLayouts.maximalAll(g) : MigLayouts.maximalBase(g));
    }

    private static List<MigLayout> all(MigGeometry g, boolean allProfiles) {
        return CACHE.computeIfAbsent(g.gpu() + allProfiles + "all",
                k -> MigLayouts.all(g, allProfiles ? g.profiles() : g.baseProfiles()));
    }

    /** Instances drawn from the hardware's own candidates: a profile at one of its allowed placements. */
    private static Gen<Case> candidateSets() {
        return Generate.pick(GEOMETRIES).zip(booleans().all(), (g, all) -> new Object[]{g, all})
                .flatMap(ga -> {
                    MigGeometry g = (MigGeometry) ga[0];
                    boolean all = (Boolean) ga[1];
                    List<MigInstance> candidates = MigLayouts.candidates(g, all ? g.profiles() : g.baseProfiles());
                    return lists().of(Generate.pick(candidates)).ofSizeBetween(1, 5)
                            .map(list -> new Case(g, all, list));
                });
    }

    /** Any profile at any start slot, allowed or not: valid and invalid sets alike. */
    private static Gen<Case> arbitrarySets() {
        return Generate.pick(GEOMETRIES).flatMap(g -> {
            Gen<MigInstance> instance = Generate.pick(g.profiles())
                    .zip(Generate.range(0, g.memorySlots() - 1), MigInstance::of);
            return lists().of(instance).ofSizeBetween(0, 8).map(list -> new Case(g, true, list));
        });
    }

    @Test
    void everyEnumeratedLayoutIsValid() {
        qt().withExamples(400).forAll(Generate.pick(GEOMETRIES), booleans().all(), Generate.range(0, 100_000))
                .checkAssert((g, allProfiles, pick) -> {
                    List<MigLayout> layouts = all(g, allProfiles);
                    MigLayout l = layouts.get(pick % layouts.size());
                    assertTrue(l.isValid(), g.gpu() + ": " + l + " " + l.problems());
                    assertTrue(l.instances().stream().allMatch(
                            i -> (allProfiles ? g.profiles() : g.baseProfiles()).contains(i.profile())));
                });
        // And exhaustively, since the sets are small.
        for (MigGeometry g : GEOMETRIES) {
            for (boolean allProfiles : new boolean[]{false, true}) {
                for (MigLayout l : all(g, allProfiles)) {
                    assertTrue(l.isValid(), g.gpu() + ": " + l + " " + l.problems());
                }
                for (MigLayout l : maximal(g, allProfiles)) {
                    assertTrue(l.isValid(), g.gpu() + ": " + l + " " + l.problems());
                }
            }
        }
    }

    @Test
    void everyValidLayoutIsASubsetOfSomeMaximalLayout() {
        AtomicInteger valid = new AtomicInteger();
        qt().withExamples(1000).forAll(candidateSets()).checkAssert(c -> {
            MigLayout layout = new MigLayout(c.geometry(), c.instances());
            if (!layout.isValid()) {
                return;
            }
            valid.incrementAndGet();
            assertTrue(maximal(c.geometry(), c.allProfiles()).stream().anyMatch(layout::isSubsetOf),
                    c + " is valid but inside no maximal layout");
            assertTrue(all(c.geometry(), c.allProfiles()).contains(layout), c + " is valid but not enumerated");
        });
        assertTrue(valid.get() > 100, "too few valid random layouts to mean anything: " + valid.get());
    }

    @Test
    void validationAgreesWithABruteForceSlotOccupancyCheck() {
        AtomicInteger valid = new AtomicInteger();
        AtomicInteger invalid = new AtomicInteger();
        qt().withExamples(3000).forAll(arbitrarySets()).checkAssert(c -> {
            boolean expected = bruteForceValid(c.geometry(), c.instances());
            MigLayout layout = new MigLayout(c.geometry(), c.instances());
            assertEquals(expected, layout.isValid(), c + ": " + layout.problems());
            (expected ? valid : invalid).incrementAndGet();
            if (expected && !c.instances().isEmpty()) {
                assertEquals(layout, MigLayout.of(c.geometry(), c.instances()));
            }
        });
        assertTrue(valid.get() > 100 && invalid.get() > 100, "valid " + valid + ", invalid " + invalid);
    }

    @Test
    void canAddAgreesWithValidatingTheLargerLayout() {
        qt().withExamples(1000).forAll(candidateSets(), Generate.range(0, 1000)).checkAssert((c, pick) -> {
            MigLayout layout = new MigLayout(c.geometry(), c.instances());
            if (!layout.isValid()) {
                return;
            }
            List<MigInstance> candidates = MigLayouts.candidates(c.geometry(), c.geometry().profiles());
            MigInstance extra = candidates.get(pick % candidates.size());
            assertEquals(layout.with(extra).isValid(), layout.canAdd(extra), layout + " + " + extra);
        });
    }

    @Test
    void maximalLayoutsAdmitNoFurtherInstance() {
        for (MigGeometry g : GEOMETRIES) {
            for (boolean allProfiles : new boolean[]{false, true}) {
                List<MigInstance> candidates = MigLayouts.candidates(g, allProfiles ? g.profiles() : g.baseProfiles());
                for (MigLayout l : maximal(g, allProfiles)) {
                    for (MigInstance c : candidates) {
                        assertTrue(!l.with(c).isValid(), g.gpu() + ": " + l + " is not maximal, " + c + " fits");
                    }
                }
            }
        }
    }

    /*
     * The rules, restated as directly as possible: mark each instance's memory slots in an occupancy array;
     * a slot marked twice, a start the profile's placement table lacks, a run past the last slot, too many
     * compute slices or two +me instances make the set invalid.
     */
    private static boolean bruteForceValid(MigGeometry g, List<MigInstance> instances) {
        boolean[] occupied = new boolean[g.memorySlots()];
        int compute = 0;
        int media = 0;
        for (MigInstance i : instances) {
            MigProfile p = i.profile();
            if (!g.profiles().contains(p)) {
                return false;
            }
            List<Integer> allowedStarts = new ArrayList<>();
            for (MigPlacement pl : p.placements()) {
                allowedStarts.add(pl.start());
            }
            int start = i.placement().start();
            if (!allowedStarts.contains(start) || i.placement().size() != p.memorySlices()) {
                return false;
            }
            for (int s = start; s < start + p.memorySlices(); s++) {
                if (s >= occupied.length || occupied[s]) {
                    return false;
                }
                occupied[s] = true;
            }
            compute += p.computeSlices();
            media += p.mediaExtensions() ? 1 : 0;
        }
        return compute <= g.computeSlices() && media <= 1;
    }
}
