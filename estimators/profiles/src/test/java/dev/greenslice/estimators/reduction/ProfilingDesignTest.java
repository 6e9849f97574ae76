package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.ProfileKey;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

class ProfilingDesignTest {

    private static final ProfileGrid A100 = ProfileGrid.of(Set.of(1, 2, 4, 8, 16, 32), Set.of(1, 2, 3, 4, 7),
            Set.of(210, 240, 330, 420, 510, 600, 690, 780, 870, 960, 1050, 1140, 1230, 1320, 1410));

    @Test
    void startsAtOppositeCornersAndIsDeterministic() {
        List<ProfileKey> d = ProfilingDesign.select(A100, 0.10);
        assertEquals(45, d.size());
        assertEquals(ProfileKey.of(1, 1, 210), d.get(0));
        assertEquals(ProfileKey.of(32, 7, 1410), d.get(1));
        assertEquals(d, ProfilingDesign.select(A100, 0.10));
        assertEquals(45, new HashSet<>(d).size());
    }

    @Test
    void coversEveryLevelOfEveryAxis() {
        List<ProfileKey> d = ProfilingDesign.select(A100, 0.10);
        assertEquals(A100.batchSizes(), new java.util.TreeSet<>(d.stream().map(ProfileKey::batchSize).toList()));
        assertEquals(A100.slices(), new java.util.TreeSet<>(d.stream().map(ProfileKey::slices).toList()));
        Set<Integer> clocks = new HashSet<>(d.stream().map(ProfileKey::clockMhz).toList());
        assertTrue(clocks.contains(210) && clocks.contains(1410) && clocks.size() >= 8, clocks.toString());
    }

    @Test
    void aSmallerDesignIsAPrefixOfALargerOne() {
        List<ProfileKey> all = A100.keys();
        qt().withExamples(25).forAll(integers().between(1, 60), integers().between(1, 60)).checkAssert((a, b) -> {
            int small = Math.min(a, b);
            int large = Math.max(a, b);
            assertEquals(ProfilingDesign.select(all, small), ProfilingDesign.select(all, large).subList(0, small));
        });
    }

    @Test
    void rejectsImpossibleRequests() {
        assertThrows(IllegalArgumentException.class, () -> ProfilingDesign.select(A100, 0.0));
        assertThrows(IllegalArgumentException.class, () -> ProfilingDesign.select(A100.keys(), 451));
    }
}
