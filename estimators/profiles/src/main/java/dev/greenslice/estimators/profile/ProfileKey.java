package dev.greenslice.estimators.profile;

/**
 * One cell of a profiling grid: a batch size, a MIG instance size in compute slices, and a locked SM
 * clock. Immutable; ordered by batch size, then slices, then clock.
 *
 * @param batchSize requests per batch, {@code >= 1}
 * @param slices    MIG compute slices of the instance (7 = the whole A100), {@code >= 1}
 * @param clockMhz  SM clock in MHz, {@code >= 1}
 */
public record ProfileKey(int batchSize, int slices, int clockMhz) implements Comparable<ProfileKey> {

    /**
     * Checks that every coordinate is at least 1.
     *
     * @param batchSize requests per batch, {@code >= 1}
     * @param slices    MIG compute slices of the instance, {@code >= 1}
     * @param clockMhz  SM clock in MHz, {@code >= 1}
     * @throws IllegalArgumentException naming the coordinate that is below 1
     */
    public ProfileKey {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize);
        }
        if (slices < 1) {
            throw new IllegalArgumentException("MIG slices must be >= 1, got " + slices);
        }
        if (clockMhz < 1) {
            throw new IllegalArgumentException("SM clock must be >= 1 MHz, got " + clockMhz);
        }
    }

    /**
     * Shorthand for {@code new ProfileKey(batchSize, slices, clockMhz)}.
     *
     * @param batchSize requests per batch
     * @param slices    MIG compute slices of the instance
     * @param clockMhz  SM clock in MHz
     * @return the grid cell
     */
    public static ProfileKey of(int batchSize, int slices, int clockMhz) {
        return new ProfileKey(batchSize, slices, clockMhz);
    }

    @Override
    public int compareTo(ProfileKey o) {
        if (batchSize != o.batchSize) {
            return Integer.compare(batchSize, o.batchSize);
        }
        if (slices != o.slices) {
            return Integer.compare(slices, o.slices);
        }
        return Integer.compare(clockMhz, o.clockMhz);
    }

    @Override
    public String toString() {
        return "batch " + batchSize + ", " + slices + " slice" + (slices == 1 ? "" : "s") + ", " + clockMhz + " MHz";
    }
}
