package dev.greenslice.carbon.gpu;

import java.util.Objects;

/**
 * The silicon die of a GPU, as the embodied-carbon model needs it.
 *
 * @param name          the die's name, e.g. {@code "GA100"}
 * @param areaMm2       die area in mm²
 * @param processNode   the foundry process as marketed, e.g. {@code "TSMC N7"}, {@code "TSMC 4N"}
 * @param actNode       the process row of the ACT tables used for it, e.g. {@code "7nm"}, {@code "5nm"}
 * @param note          why that row was chosen when it differs from the process, else empty
 */
public record GpuDie(String name, double areaMm2, String processNode, String actNode, String note) {

    /**
     * A die as the catalog lists it.
     *
     * @param name        the die's name, e.g. {@code "GA100"}
     * @param areaMm2     die area in mm²
     * @param processNode the foundry process as marketed, e.g. {@code "TSMC N7"}, {@code "TSMC 4N"}
     * @param actNode     the process row of the ACT tables used for it, e.g. {@code "7nm"}, {@code "5nm"}
     * @param note        why that row was chosen when it differs from the process, else empty
     * @throws NullPointerException if any text is null (use {@code ""} for no note)
     * @throws IllegalArgumentException unless the area is a finite, positive number of mm², naming the die
     */
    public GpuDie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(processNode, "processNode");
        Objects.requireNonNull(actNode, "actNode");
        Objects.requireNonNull(note, "note");
        if (!(areaMm2 > 0) || Double.isInfinite(areaMm2)) {
            throw new IllegalArgumentException("Die " + name + ": area must be a positive number of mm², got " + areaMm2);
        }
    }

    /** @return the die area in cm², the unit ACT's per-area factors use */
    public double areaCm2() {
        return areaMm2 / 100.0;
    }
}
