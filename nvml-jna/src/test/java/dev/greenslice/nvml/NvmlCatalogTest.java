package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The MIG geometry a simulated device reports agrees with carbon-api's catalog (profile names, ids, indices,
 * slices and placements), and a layout planned on the catalog applies to the device.
 */
class NvmlCatalogTest {

    @TempDir
    Path journal;

    private static List<String> describe(MigGeometry g) {
        return g.profiles().stream().sorted(Comparator.comparing(MigProfile::name))
                .map(p -> p.name() + " id=" + p.nvmlProfileId() + " index=" + p.nvmlProfileIndex() + " slices="
                        + p.computeSlices() + " memory=" + p.memorySlices() + " " + p.placements())
                .toList();
    }

    @ParameterizedTest
    @CsvSource({"A100-SXM4-40GB, A100-SXM4-40GB", "A100-SXM4-80GB, A100-SXM4-80GB", "H100-SXM5-80GB, H100-SXM5-80GB"})
    void deviceGeometryMatchesTheCatalogAndCatalogLayoutsApply(String simModel, String catalogId) {
        SimulatedNvml.reset(SimulatedNvml.device(simModel, "mig enabled"));
        GpuModel model = GpuCatalog.byId(catalogId);
        MigGeometry catalog = model.migGeometry().orElseThrow();
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            assertEquals(model, gpu.model().orElseThrow());
            MigGeometry device = gpu.mig().geometry();
            assertEquals(catalog.computeSlices(), device.computeSlices());
            assertEquals(catalog.memorySlots(), device.memorySlots());
            assertEquals(describe(catalog), describe(device));
            gpu.applyMigLayout(MigLayout.parse(catalog, "4g@0,2g@4,1g@6"), false);
            assertEquals(List.of("4g", "2g", "1g"), gpu.migLayout().instances().stream()
                    .map(i -> i.profile().computeName()).toList());
        }
    }
}
