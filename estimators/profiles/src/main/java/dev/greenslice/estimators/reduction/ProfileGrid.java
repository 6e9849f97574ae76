package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfileKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A full profiling grid: every combination of the given batch sizes, instance sizes (compute slices) and
 * SM clocks. Immutable.
 *
 * @param batchSizes batch sizes, not empty, each {@code >= 1}
 * @param slices     instance sizes in compute slices, not empty, each {@code >= 1}
 * @param clocksMhz  SM clocks in MHz, not empty, each {@code >= 1}
 */
public record ProfileGrid(SortedSet<Integer> batchSizes, SortedSet<Integer> slices, SortedSet<Integer> clocksMhz) {

    /**
     * Checks the values and copies them into sorted, unmodifiable sets.
     *
     * @param batchSizes batch sizes, not empty, each {@code >= 1}
     * @param slices     instance sizes in compute slices, not empty, each {@code >= 1}
     * @param clocksMhz  SM clocks in MHz, not empty, each {@code >= 1}
     * @throws IllegalArgumentException for an empty set or a value below 1, listing the values
     */
    public ProfileGrid {
        batchSizes = Collections.unmodifiableSortedSet(new TreeSet<>(batchSizes));
        slices = Collections.unmodifiableSortedSet(new TreeSet<>(slices));
        clocksMhz = Collections.unmodifiableSortedSet(new TreeSet<>(clocksMhz));
        if (batchSizes.isEmpty() || slices.isEmpty() || clocksMhz.isEmpty()) {
            throw new IllegalArgumentException("A profiling grid needs at least one batch size, slice count and clock");
        }
        if (batchSizes.first() < 1 || slices.first() < 1 || clocksMhz.first() < 1) {
            throw new IllegalArgumentException("Grid values must be >= 1: batch sizes " + batchSizes + ", slices "
                    + slices + ", clocks " + clocksMhz);
        }
    }

    /**
     * A grid over the given values (any collections; duplicates collapse).
     *
     * @param batchSizes batch sizes, each {@code >= 1}
     * @param slices     instance sizes in compute slices, each {@code >= 1}
     * @param clocksMhz  SM clocks in MHz, each {@code >= 1}
     * @return the grid
     * @throws IllegalArgumentException for an empty collection or a value below 1
     */
    public static ProfileGrid of(java.util.Collection<Integer> batchSizes, java.util.Collection<Integer> slices,
                                 java.util.Collection<Integer> clocksMhz) {
        return new ProfileGrid(new TreeSet<>(batchSizes), new TreeSet<>(slices), new TreeSet<>(clocksMhz));
    }

    /**
     * The grid spanned by a profile's batch sizes, slices and clocks (it may have more cells than the profile).
     *
     * @param profile the profile whose ranges span the grid
     * @return the grid
     */
    public static ProfileGrid of(ModelProfile profile) {
        return new ProfileGrid(profile.batchSizes(), profile.slices(), profile.clocksMhz());
    }

    /** @return every cell, ordered by batch size, slices, clock */
    public List<ProfileKey> keys() {
        List<ProfileKey> keys = new ArrayList<>(size());
        for (int b : batchSizes) {
            for (int s : slices) {
                for (int f : clocksMhz) {
                    keys.add(new ProfileKey(b, s, f));
                }
            }
        }
        return keys;
    }

    /** @return the number of cells */
    public int size() {
        return batchSizes.size() * slices.size() * clocksMhz.size();
    }
}
