package dev.greenslice.nvml.mig;

import dev.greenslice.carbon.gpu.mig.MigInstance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The steps that turn one set of GPU instances into another: which to keep, which to destroy, and which to
 * create in an order that cannot fail on placement — largest first (most compute slices, then most memory
 * slots, then lowest start), since a large profile has the fewest placements and must get its own before smaller
 * ones fragment the memory slots. Instances are compared by profile id and placement. Immutable.
 *
 * @param keep    instances present in both, untouched
 * @param destroy instances to destroy, smallest first
 * @param create  instances to create, in creation order
 */
public record MigApplyPlan(List<MigInstance> keep, List<MigInstance> destroy, List<MigInstance> create) {

    /** The creation order: compute slices, then memory slots, descending; then start slot ascending. */
    public static final Comparator<MigInstance> LARGEST_FIRST = Comparator
            .comparingInt((MigInstance i) -> i.profile().computeSlices()).reversed()
            .thenComparing(Comparator.comparingInt((MigInstance i) -> i.placement().size()).reversed())
            .thenComparingInt(i -> i.placement().start())
            .thenComparingInt(i -> i.profile().nvmlProfileId());

    /**
     * A plan as given; the lists are copied in the order given (use {@link #between} for a plan in a safe order).
     *
     * @param keep    instances present in both, untouched
     * @param destroy instances to destroy, smallest first
     * @param create  instances to create, in creation order
     * @throws NullPointerException if a list is null or holds a null
     */
    public MigApplyPlan {
        keep = List.copyOf(keep);
        destroy = List.copyOf(destroy);
        create = List.copyOf(create);
    }

    /**
     * The plan that turns one set of instances into another, keeping those present in both.
     *
     * @param current the instances on the device now
     * @param target  the instances wanted
     * @return the plan: destroy smallest first, create in {@link #LARGEST_FIRST} order
     * @throws NullPointerException if either list is null
     */
    public static MigApplyPlan between(List<MigInstance> current, List<MigInstance> target) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(target, "target");
        List<MigInstance> keep = new ArrayList<>();
        List<MigInstance> destroy = new ArrayList<>();
        List<MigInstance> remaining = new ArrayList<>(target);
        for (MigInstance c : current) {
            MigInstance match = remaining.stream().filter(t -> same(c, t)).findFirst().orElse(null);
            if (match != null) {
                keep.add(c);
                remaining.remove(match);
            } else {
                destroy.add(c);
            }
        }
        destroy.sort(LARGEST_FIRST.reversed());
        remaining.sort(LARGEST_FIRST);
        return new MigApplyPlan(keep, destroy, remaining);
    }

    private static boolean same(MigInstance a, MigInstance b) {
        return a.profile().nvmlProfileId() == b.profile().nvmlProfileId() && a.placement().equals(b.placement());
    }

    /** @return whether nothing needs to change */
    public boolean isEmpty() {
        return destroy.isEmpty() && create.isEmpty();
    }
}
