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
     * @throws IllegalArgumentException if a profile is not one of the geometry's
     */
    public static List<MigLayout> all(MigGeometry geometry, List<MigProfile> profiles) {
        List<MigInstance> candidates = candidates(geometry, profiles);
        List<MigLayout> out = new ArrayList<>();
        extend(candidates, 0, MigLayout.empty(geometry), out);
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** Every non-empty valid layout over all of the geometry's profiles. */
    public static List<MigLayout> all(MigGeometry geometry) {
        return all(geometry, geometry.profiles());
    }

    /**
     * The maximal valid layouts using only {@code profiles}: valid layouts to which no instance of those
     * profiles can be added.
     *
     * @throws IllegalArgumentException if a profile is not one of the geometry's
     */
    public static List<MigLayout> maximal(MigGeometry geometry, List<MigProfile> profiles) {
        List<MigInstance> candidates = candidates(geometry, profiles);
        List<MigLayout> out = new ArrayList<>();
        for (MigLayout layout : all(geometry, profiles)) {
            if (isMaximal(layout, candidates)) {
                out.add(layout);
            }
        }
        return List.copyOf(out);
    }

    /** The maximal valid layouts over the base profiles, one per compute size (19 on A100/H100). */
    public static List<MigLayout> maximalBase(MigGeometry geometry) {
        return maximal(geometry, geometry.baseProfiles());
    }

    /** The maximal valid layouts over all of the geometry's profiles, {@code +me} and double-memory included. */
    public static List<MigLayout> maximalAll(MigGeometry geometry) {
        return maximal(geometry, geometry.profiles());
    }

    /**
     * Every instance the hardware allows for {@code profiles}: each profile at each of its placements, in
     * placement order.
     *
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

    private static boolean isMaximal(MigLayout layout, List<MigInstance> candidates) {
        for (MigInstance c : candidates) {
            if (layout.canAdd(c)) {
                return false;
            }
        }
        return true;
    }

    // Each candidate is either taken or skipped, in index order, so every subset is visited once.
    private static void extend(List<MigInstance> candidates, int from, MigLayout current, List<MigLayout> out) {
        for (int i = from; i < candidates.size(); i++) {
            MigInstance c = candidates.get(i);
            if (current.canAdd(c)) {
                MigLayout next = current.with(c);
                out.add(next);
                extend(candidates, i + 1, next, out);
            }
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
