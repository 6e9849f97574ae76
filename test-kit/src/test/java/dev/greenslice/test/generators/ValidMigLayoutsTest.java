package dev.greenslice.test.generators;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Every generated layout passes carbon-api's MIG validator ({@link MigLayout#problems()}) on every GPU of the
 * catalog that has MIG, maximal ones admit no further instance, and the generators reach the layouts
 * {@link MigLayouts} enumerates rather than a few.
 */
class ValidMigLayoutsTest {

    private static List<GpuModel> migGpus() {
        return GpuCatalog.all().stream().filter(g -> g.migGeometry().isPresent()).toList();
    }

    @Test
    void everyGeneratedLayoutIsValidOnItsGpu() {
        assertFalse(migGpus().isEmpty());
        for (GpuModel gpu : migGpus()) {
            qt().withExamples(300).forAll(ValidMigLayouts.on(gpu))
                    .check(l -> l.problems().isEmpty() && !l.instances().isEmpty() && l.geometry().equals(
                            gpu.migGeometry().orElseThrow()));
            qt().withExamples(300).forAll(ValidMigLayouts.base(gpu))
                    .check(l -> l.problems().isEmpty() && l.instances().stream().allMatch(i ->
                            gpu.migGeometry().orElseThrow().baseProfiles().contains(i.profile())));
        }
    }

    @Test
    void maximalLayoutsAreValidAndAdmitNoFurtherInstance() {
        for (GpuModel gpu : migGpus()) {
            MigGeometry g = gpu.migGeometry().orElseThrow();
            qt().withExamples(200).forAll(ValidMigLayouts.maximal(gpu))
                    .check(l -> l.problems().isEmpty()
                            && MigLayouts.candidates(g, g.profiles()).stream().noneMatch(l::canAdd));
        }
    }

    @Test
    void theBaseGeneratorReachesMostBaseLayouts() {
        MigGeometry g = GpuCatalog.A100_SXM4_80GB.migGeometry().orElseThrow();
        Set<String> all = new HashSet<>();
        MigLayouts.all(g, g.baseProfiles()).forEach(l -> all.add(sorted(l)));
        Set<String> seen = new HashSet<>();
        qt().withExamples(3000).forAll(ValidMigLayouts.base(GpuCatalog.A100_SXM4_80GB)).check(l -> seen.add(sorted(l))
                || true);
        assertTrue(all.containsAll(seen), "generated a layout the enumeration lacks: " + seen);
        assertTrue(seen.size() * 10 >= all.size() * 9, "reached " + seen.size() + " of " + all.size() + " layouts");
    }

    @Test
    void aGpuWithoutMigIsRefusedNamingTheOnesWithIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidMigLayouts.on(GpuCatalog.T4_16GB));
        assertTrue(e.getMessage().contains("T4") && e.getMessage().contains("A100-SXM4-80GB"), e.getMessage());
        MigGeometry g = GpuCatalog.A100_SXM4_80GB.migGeometry().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> ValidMigLayouts.on(g, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ValidMigLayouts.on(g,
                GpuCatalog.A30_24GB.migGeometry().orElseThrow().profiles()));
    }

    /** The layout's instances as text in a fixed order, so equal layouts built in another order compare equal. */
    private static String sorted(MigLayout l) {
        return l.instances().stream().sorted().map(Object::toString).toList().toString();
    }
}
