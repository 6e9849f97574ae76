package dev.greenslice.test.generators;

import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigLayouts;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.quicktheories.core.Gen;

import java.util.List;
import java.util.Objects;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * QuickTheories generators of MIG layouts that are valid on a given GPU: built one instance at a time from the
 * instances the GPU's geometry allows ({@link MigLayouts#candidates}), each added only where
 * {@link MigLayout#canAdd} says it fits (placement, overlap, compute slices, one {@code +me} instance). Layouts
 * shrink towards fewer instances and earlier candidates.
 *
 * <pre>{@code
 * qt().forAll(ValidMigLayouts.on(GpuCatalog.A100_SXM4_80GB)).check(layout -> layout.problems().isEmpty());
 * }</pre>
 *
 * <p>Stateless; the generators are immutable and may be shared between threads. The factories throw
 * {@link IllegalArgumentException} for a GPU without MIG or a profile that is not its geometry's.
 */
public final class ValidMigLayouts {

    private static final int CHOICE_BOUND = 1 << 20;

    private ValidMigLayouts() {
    }

    /**
     * Non-empty valid layouts over all of the GPU's profiles ({@code +me} and double-memory ones included).
     *
     * @param gpu a GPU with MIG, e.g. {@code GpuCatalog.A100_SXM4_80GB}
     * @return the generator
     * @throws IllegalArgumentException if the GPU has no MIG
     */
    public static Gen<MigLayout> on(GpuModel gpu) {
        MigGeometry g = geometry(gpu);
        return on(g, g.profiles());
    }

    /**
     * Non-empty valid layouts over the GPU's base profiles, one per compute size (the layouts planners choose
     * among).
     *
     * @param gpu a GPU with MIG
     * @return the generator
     * @throws IllegalArgumentException if the GPU has no MIG
     */
    public static Gen<MigLayout> base(GpuModel gpu) {
        MigGeometry g = geometry(gpu);
        return on(g, g.baseProfiles());
    }

    /**
     * Non-empty valid layouts over {@code profiles} of {@code geometry}.
     *
     * @param geometry the GPU's geometry
     * @param profiles profiles of that geometry; not empty
     * @return the generator
     * @throws IllegalArgumentException if a profile is not one of the geometry's, or none is given
     */
    public static Gen<MigLayout> on(MigGeometry geometry, List<MigProfile> profiles) {
        return layouts(geometry, profiles, false);
    }

    /**
     * Maximal valid layouts over all of the GPU's profiles: no further instance of them fits.
     *
     * @param gpu a GPU with MIG
     * @return the generator
     * @throws IllegalArgumentException if the GPU has no MIG
     */
    public static Gen<MigLayout> maximal(GpuModel gpu) {
        MigGeometry g = geometry(gpu);
        return layouts(g, g.profiles(), true);
    }

    private static Gen<MigLayout> layouts(MigGeometry geometry, List<MigProfile> profiles, boolean fill) {
        Objects.requireNonNull(geometry, "geometry");
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("MIG layouts on " + geometry.gpu() + " need at least one profile");
        }
        List<MigInstance> candidates = MigLayouts.candidates(geometry, profiles);
        // Every instance takes a compute slice, so a layout never has more instances than the GPU has slices.
        Gen<List<Integer>> choices = lists().of(integers().between(0, CHOICE_BOUND))
                .ofSizeBetween(1, geometry.computeSlices());
        return choices.map(c -> build(geometry, candidates, c, fill)).describedAs(MigLayout::toString);
    }

    private static MigLayout build(MigGeometry geometry, List<MigInstance> candidates, List<Integer> choices,
                                   boolean fill) {
        MigLayout layout = MigLayout.empty(geometry);
        int k = 0;
        while (true) {
            MigLayout current = layout;
            List<MigInstance> fits = candidates.stream().filter(current::canAdd).toList();
            if (fits.isEmpty() || (!fill && k >= choices.size())) {
                return layout;
            }
            int choice = k < choices.size() ? choices.get(k) : 0;
            layout = layout.with(fits.get(choice % fits.size()));
            k++;
        }
    }

    private static MigGeometry geometry(GpuModel gpu) {
        Objects.requireNonNull(gpu, "gpu");
        return gpu.migGeometry().orElseThrow(() -> new IllegalArgumentException(gpu.id()
                + " has no MIG; GPUs with MIG: " + GpuCatalog.all().stream().filter(m -> m.migGeometry().isPresent())
                .map(GpuModel::id).toList()));
    }
}
