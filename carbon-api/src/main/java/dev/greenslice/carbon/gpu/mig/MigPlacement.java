package dev.greenslice.carbon.gpu.mig;

/**
 * Where a GPU instance sits: a run of memory slots {@code [start, start + size)}, written
 * {@code {start}:size} as {@code nvidia-smi mig -lgipp} prints it. Mirrors NVML's
 * {@code nvmlGpuInstancePlacement_t}. Immutable.
 *
 * @param start index of the first memory slot, {@code >= 0}
 * @param size  number of memory slots, {@code >= 1}
 */
public record MigPlacement(int start, int size) implements Comparable<MigPlacement> {

    /**
     * A placement.
     *
     * @param start index of the first memory slot, {@code >= 0}
     * @param size  number of memory slots, {@code >= 1}
     * @throws IllegalArgumentException for a negative start or a size below 1
     */
    public MigPlacement {
        if (start < 0 || size < 1) {
            throw new IllegalArgumentException("A MIG placement needs start >= 0 and size >= 1, got {" + start + "}:" + size);
        }
    }

    /** @return one past the last slot */
    public int end() {
        return start + size;
    }

    /**
     * Whether two placements share a memory slot.
     *
     * @param o the other placement
     * @return true if they share at least one slot
     */
    public boolean overlaps(MigPlacement o) {
        return start < o.end() && o.start < end();
    }

    @Override
    public int compareTo(MigPlacement o) {
        return start != o.start ? Integer.compare(start, o.start) : Integer.compare(size, o.size);
    }

    @Override
    public String toString() {
        return "{" + start + "}:" + size;
    }
}
