package dev.greenslice.carbon.gpu.mig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The layouts a GPU's MIG geometry can hold: every valid layout, and the maximal ones (those to which no
 * further instance can be added), over a chosen set of profiles.
 *
 * <p>Two profile sets matter in practice: the <em>base</em> profiles, one per compute size
 * ({@link MigGeometry#baseProfiles()}: on an A100 80GB {@code 1g.10gb, 2g.20gb, 3g.40gb, 4g.40gb,
 * 7g.80gb}), which give the 19 configurations NVIDIA documents for A100/H100; and <em>all</em> profiles,
 * which add the {@code +me} and double-memory {@code 1g} profiles.
 *
 * <p>Enumeration is exhaustive depth-first search over (profile, placement) candidates in a fixed order,
 * so each layout is produced exactly once; a GPU has at most a few dozen candidates, so this is
 * instantaneous (thousands of layouts at most). Results are immutable lists in a deterministic order:
 * by their instances, compared by placement then profile name. Stateless and thread-safe.
 */
public final class MigLayouts {

    private MigLayouts() {
    }

    /**
     * Every non-empty valid layout using only {@code profiles}.
     *
     * @param geometry the GPU's geometry
     * @param profiles profiles of that geometry to build layouts from
     * @return the layouts, each once
     * @throws IllegalArgumentException if a profile is not one of the geometry's
     */
    public static List<MigLayout> all(MigGeometry geometry, List<MigProfile> profiles) {
        return enumerate(geometry, profiles, false);
    }

    /**
     * Every non-empty valid layout over all of the geometry's profiles.
     *
     * @param geometry the GPU's geometry
     * @return the layouts, each once
     */
    public static List<MigLayout> all(MigGeometry geometry) {
        return all(geometry, geometry.profiles());
    }

    /**
     * The maximal valid layouts using only {@code profiles}: valid layouts to which no instance of those
     * profiles can be added.
     *
     * @param geometry the GPU's geometry
     * @param profiles profiles of that geometry to build layouts from
     * @return the layouts, each once
     * @throws IllegalArgumentException if a profile is not one of the geometry's
     */
    public static List<MigLayout> maximal(MigGeometry geometry, List<MigProfile> profiles) {
        return enumerate(geometry, profiles, true);
    }

    /**
     * The maximal valid layouts over the base profiles, one per compute size (19 on A100/H100).
     *
     * @param geometry the GPU's geometry
     * @return the layouts, each once
     */
    public static List<MigLayout> maximalBase(MigGeometry geometry) {
        return maximal(geometry, geometry.baseProfiles());
    }

    /**
     * The maximal valid layouts over all of the geometry's profiles, {@code +me} and double-memory included.
     *
     * @param geometry the GPU's geometry
     * @return the layouts, each once
     */
    public static List<MigLayout> maximalAll(MigGeometry geometry) {
        return maximal(geometry, geometry.profiles());
    }

    /**
     * Every instance the hardware allows for {@code profiles}: each profile at each of its placements, in
     * placement order.
     *
     * @param geometry the GPU's geometry
     * @param profiles profiles of that geometry
     * @return the instances
     * @throws IllegalArgumentException if a profile is not one of the geometry's
     */
    public static List<MigInstance> candidates(MigGeometry geometry, List<MigProfile> profiles) {
        Objects.requireNonNull(geometry, "geometry");
        List<MigInstance> out = new ArrayList<>();
        for (MigProfile p : profiles) {
            if (!geometry.profiles().contains(p)) {
                throw new IllegalArgumentException("MIG profile " + p.name() + " is not a profile of " + geometry.gpu()
                        + "; its profiles are " + geometry.profiles());
            }
            for (MigPlacement placement : p.placements()) {
                out.add(new MigInstance(p, placement));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /*
     * The search works on bit masks of memory slots, so each step is a few integer operations; MigLayout
     * objects are only built for the results. The rules are MigLayout's: no shared slot, compute slices
     * within the GPU's, at most one +me instance. Candidates are on allowed placements by construction.
     */
    private static List<MigLayout> enumerate(MigGeometry geometry, List<MigProfile> profiles, boolean maximalOnly) {
        if (geometry.memorySlots() > 62) {
            throw new IllegalArgumentException("MIG geometry of " + geometry.gpu() + " has " + geometry.memorySlots()
                    + " memory slots; layouts can be enumerated for at most 62");
        }
        List<MigInstance> instances = candidates(geometry, profiles);
        int n = instances.size();
        long[] mask = new long[n];
        int[] compute = new int[n];
        boolean[] media = new boolean[n];
        for (int i = 0; i < n; i++) {
            MigInstance c = instances.get(i);
            mask[i] = ((1L << c.placement().size()) - 1) << c.placement().start();
            compute[i] = c.computeSlices();
            media[i] = c.profile().mediaExtensions();
        }
        Search s = new Search(geometry, instances, mask, compute, media, maximalOnly);
        s.extend(0, 0L, 0, 0, 0);
        s.out.sort(ORDER);
        return List.copyOf(s.out);
    }

    private static final class Search {
        final MigGeometry geometry;
        final List<MigInstance> instances;
        final long[] mask;
        final int[] compute;
        final boolean[] media;
        final boolean maximalOnly;
        final int[] chosen;
        final List<MigLayout> out = new ArrayList<>();

        Search(MigGeometry geometry, List<MigInstance> instances, long[] mask, int[] compute, boolean[] media,
               boolean maximalOnly) {
            this.geometry = geometry;
            this.instances = instances;
            this.mask = mask;
            this.compute = compute;
            this.media = media;
            this.maximalOnly = maximalOnly;
            this.chosen = new int[instances.size()];
        }

        boolean fits(int i, long used, int computeUsed, int mediaUsed) {
            return (mask[i] & used) == 0 && computeUsed + compute[i] <= geometry.computeSlices()
                    && !(media[i] && mediaUsed >= MigLayout.MAX_MEDIA_EXTENSION_INSTANCES);
        }

        // Each candidate is either taken or skipped, in index order, so every subset is visited once.
        void extend(int from, long used, int computeUsed, int mediaUsed, int size) {
            if (size > 0 && (!maximalOnly || isMaximal(used, computeUsed, mediaUsed))) {
                List<MigInstance> list = new ArrayList<>(size);
                for (int k = 0; k < size; k++) {
                    list.add(instances.get(chosen[k]));
                }
                out.add(new MigLayout(geometry, list));
            }
            for (int i = from; i < mask.length; i++) {
                if (fits(i, used, computeUsed, mediaUsed)) {
                    chosen[size] = i;
                    extend(i + 1, used | mask[i], computeUsed + compute[i], mediaUsed + (media[i] ? 1 : 0), size + 1);
                }
            }
        }

        boolean isMaximal(long used, int computeUsed, int mediaUsed) {
            for (int i = 0; i < mask.length; i++) {
                if (fits(i, used, computeUsed, mediaUsed)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Comparator<MigLayout> ORDER = (a, b) -> {
        List<MigInstance> x = a.instances();
        List<MigInstance> y = b.instances();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };
}
