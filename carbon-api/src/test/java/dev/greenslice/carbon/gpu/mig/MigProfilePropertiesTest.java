package dev.greenslice.carbon.gpu.mig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of {@link MigProfile} as a final class built through its builder: equal settings give equal profiles
 * with equal hash codes, the placements are copied, and the builder refuses non-positive, NaN or infinite sizes and
 * placements that do not span the profile's memory slots, as the record's constructor did.
 */
class MigProfilePropertiesTest {

    private static MigProfile.Builder profile(int slices, int slots, double memoryGb, List<MigPlacement> placements) {
        return MigProfile.builder().name(slices + "g." + (int) memoryGb + "gb").nvmlProfileId(slices * 3)
                .nvmlProfileIndex(slices).computeSlices(slices).memorySlices(slots).memoryGb(memoryGb)
                .smCount(slices * 14).mediaExtensions(false).placements(placements);
    }

    private static List<MigPlacement> placements(int slots, int count) {
        List<MigPlacement> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new MigPlacement(i * slots, slots));
        }
        return out;
    }

    @Test
    void equalSettingsGiveEqualProfilesWithEqualHashCodes() {
        qt().forAll(integers().between(1, 7), integers().between(1, 8), doubles().between(0.5, 200),
                integers().between(0, 8)).checkAssert((slices, slots, gb, n) -> {
                    MigProfile a = profile(slices, slots, gb, placements(slots, n)).build();
                    MigProfile b = profile(slices, slots, gb, placements(slots, n)).build();
                    assertEquals(a, b);
                    assertEquals(a.hashCode(), b.hashCode());
                    assertNotEquals(a, profile(slices, slots, gb, placements(slots, n)).smCount(a.smCount() + 1)
                            .build());
                    assertNotEquals(a, profile(slices, slots, gb, placements(slots, n)).mediaExtensions(true).build());
                    assertNotEquals(a, profile(slices, slots, gb, placements(slots, n + 1)).build());
                });
    }

    @Test
    void thePlacementsAreCopied() {
        List<MigPlacement> given = placements(2, 3);
        MigProfile p = profile(2, 2, 20, given).build();
        given.clear();
        assertEquals(3, p.placements().size());
        assertThrows(UnsupportedOperationException.class, () -> p.placements().clear());
    }

    @Test
    void theBuilderRefusesNonPositiveNanOrInfiniteSizes() {
        List<Double> badMemory = List.of(0.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, -Double.MIN_VALUE);
        qt().forAll(integers().between(0, badMemory.size() - 1), integers().between(-100, 0))
                .checkAssert((i, nonPositive) -> {
                    assertThrows(IllegalArgumentException.class,
                            () -> profile(1, 1, badMemory.get(i), List.of()).build());
                    assertThrows(IllegalArgumentException.class,
                            () -> profile(1, 1, 10, List.of()).computeSlices(nonPositive).build());
                    assertThrows(IllegalArgumentException.class,
                            () -> profile(1, 1, 10, List.of()).memorySlices(nonPositive).build());
                    assertThrows(IllegalArgumentException.class,
                            () -> profile(1, 1, 10, List.of()).smCount(nonPositive).build());
                });
    }

    @Test
    void theBuilderRefusesAPlacementThatDoesNotSpanTheMemorySlots() {
        qt().forAll(integers().between(1, 8), integers().between(1, 8)).assuming((slots, size) -> !slots.equals(size))
                .checkAssert((slots, size) -> assertThrows(IllegalArgumentException.class,
                        () -> profile(1, slots, 10, List.of(new MigPlacement(0, size))).build()));
    }

    @Test
    void theBuilderRefusesAMissingName() {
        assertThrows(NullPointerException.class, () -> profile(1, 1, 10, List.of()).name(null).build());
    }
}
