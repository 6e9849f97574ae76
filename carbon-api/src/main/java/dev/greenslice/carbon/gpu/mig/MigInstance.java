package dev.greenslice.carbon.gpu.mig;

import java.util.Objects;

/**
 * One GPU instance in a layout: a profile at a placement. Immutable.
 *
 * @param profile   the instance's profile
 * @param placement where it sits
 */
public record MigInstance(MigProfile profile, MigPlacement placement) implements Comparable<MigInstance> {

    /**
     * An instance; whether the profile allows the placement is checked by {@link MigLayout#of}, not here.
     *
     * @param profile   the instance's profile
     * @param placement where it sits
     * @throws NullPointerException if either part is null
     */
    public MigInstance {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(placement, "placement");
    }

    /**
     * The profile at the placement starting at {@code start}, spanning the profile's memory slots.
     *
     * @param profile the profile
     * @param start   the first memory slot, {@code >= 0}
     * @return the instance; not checked against the profile's allowed placements
     * @throws IllegalArgumentException for a negative start
     */
    public static MigInstance of(MigProfile profile, int start) {
        return new MigInstance(profile, new MigPlacement(start, profile.memorySlices()));
    }

    /** @return the compute slices it reserves */
    public int computeSlices() {
        return profile.computeSlices();
    }

    @Override
    public int compareTo(MigInstance o) {
        int c = placement.compareTo(o.placement);
        return c != 0 ? c : profile.name().compareTo(o.profile.name());
    }

    @Override
    public String toString() {
        return profile.name() + "@" + placement.start();
    }
}
