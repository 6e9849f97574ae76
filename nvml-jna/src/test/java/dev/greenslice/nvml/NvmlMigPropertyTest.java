package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Applying any valid layout over any valid layout on the simulated A100 succeeds (creation largest first never
 * trips the driver's placement checks), yields exactly the target, and close() restores the start.
 */
class NvmlMigPropertyTest {

    @TempDir
    Path journal;

    /** A valid layout grown greedily from choices: each picks a profile and one of its placements. */
    private static MigLayout layoutFrom(MigGeometry g, List<Integer> choices) {
        MigLayout layout = MigLayout.empty(g);
        for (int c : choices) {
            MigProfile p = g.profiles().get(c % g.profiles().size());
            MigInstance i = new MigInstance(p, p.placements().get((c / g.profiles().size()) % p.placements().size()));
            long same = layout.instances().stream().filter(x -> x.profile().equals(p)).count();
            if (layout.canAdd(i) && !(p.mediaExtensions() && same > 0)) {
                layout = layout.with(i);
            }
        }
        return MigLayout.of(g, layout.instances());
    }

    @Test
    void anyValidLayoutAppliesAndIsRestored() {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled"));
        MigGeometry geo;
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            geo = gpu.mig().geometry();
        }
        MigGeometry g = geo;
        qt().withExamples(40).forAll(lists().of(integers().between(0, 300)).ofSizeBetween(0, 9),
                lists().of(integers().between(0, 300)).ofSizeBetween(0, 9)).checkAssert((a, b) -> {
                    MigLayout current = layoutFrom(g, a);
                    MigLayout target = layoutFrom(g, b);
                    StringBuilder scenario = new StringBuilder("device A100-SXM4-80GB\n  mig enabled\n");
                    for (MigInstance i : current.instances()) {
                        scenario.append("  gi ").append(i).append('\n');
                    }
                    SimulatedNvml.reset(scenario.toString());
                    try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice watcher = nvml.device(0)) {
                        assertEquals(current.toString(), watcher.migLayout().toString());
                        try (NvmlDevice gpu = nvml.device(0)) {
                            gpu.applyMigLayout(target, false);
                            assertEquals(target.toString(), watcher.migLayout().toString());
                        }
                        assertEquals(current.toString(), watcher.migLayout().toString());
                        assertTrue(watcher.pendingRestore().isEmpty());
                    }
                });
    }
}
