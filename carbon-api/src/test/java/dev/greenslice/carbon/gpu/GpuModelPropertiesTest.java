package dev.greenslice.carbon.gpu;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Properties of {@link GpuModel} as a final class built through its builder: every catalog entry rebuilt from its
 * accessors equals the entry, with an equal hash code; a changed component makes it differ; the builder refuses
 * non-positive, NaN or infinite memory as the record's constructor did.
 */
class GpuModelPropertiesTest {

    private static GpuModel.Builder copyOf(GpuModel m) {
        return GpuModel.builder().id(m.id()).nvmlNames(m.nvmlNames()).die(m.die()).memoryGb(m.memoryGb())
                .memoryType(m.memoryType()).boardPower(m.boardPower()).mig(m.mig());
    }

    @Test
    void everyCatalogEntryRebuiltFromItsAccessorsEqualsIt() {
        List<GpuModel> all = GpuCatalog.all();
        qt().forAll(integers().between(0, all.size() - 1), doubles().between(1, 200)).checkAssert((i, gb) -> {
            GpuModel m = all.get(i);
            GpuModel copy = copyOf(m).build();
            assertEquals(m, copy);
            assertEquals(m.hashCode(), copy.hashCode());
            assertEquals(m.supportsMig(), copy.supportsMig());
            GpuModel other = copyOf(m).memoryGb(m.memoryGb() + gb).build();
            assertNotEquals(m, other);
            assertNotEquals(m, copyOf(m).id(m.id() + "x").build());
            if (m.supportsMig()) {
                assertNotEquals(m, copyOf(m).mig(null).build());
            }
        });
    }

    @Test
    void theBuilderRefusesNonPositiveNanOrInfiniteMemory() {
        List<Double> bad = List.of(0.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, -1e300);
        qt().forAll(integers().between(0, GpuCatalog.all().size() - 1), integers().between(0, bad.size() - 1))
                .checkAssert((i, b) -> assertThrows(IllegalArgumentException.class,
                        () -> copyOf(GpuCatalog.all().get(i)).memoryGb(bad.get(b)).build()));
    }

    @Test
    void theBuilderRefusesAMissingComponentButNotAMissingMigGeometry() {
        GpuModel t4 = GpuCatalog.all().stream().filter(m -> !m.supportsMig()).findFirst().orElseThrow();
        assertEquals(t4, copyOf(t4).mig(null).build());
        assertThrows(NullPointerException.class, () -> copyOf(t4).id(null).build());
        assertThrows(NullPointerException.class, () -> copyOf(t4).die(null).build());
        assertThrows(NullPointerException.class, () -> copyOf(t4).boardPower(null).build());
    }
}
