package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.mig.MigGeometry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A GPU product as the library knows it: its die and memory (for embodied carbon), its board power, and
 * its MIG geometry if it has one. Entries live in {@link GpuCatalog}. Immutable.
 *
 * @param id          the catalog id used on the command line, e.g. {@code "A100-SXM4-80GB"}
 * @param nvmlNames   names NVML reports for this product, e.g. {@code "NVIDIA A100-SXM4-80GB"}
 * @param die         the GPU die
 * @param memoryGb    on-board memory in GB
 * @param memoryType  e.g. {@code "HBM2e"}, {@code "GDDR6"}
 * @param boardPower  the maximum board power (TDP)
 * @param mig         the MIG geometry, or null if the product has no MIG; see {@link #migGeometry()}
 */
public record GpuModel(String id, List<String> nvmlNames, GpuDie die, double memoryGb, String memoryType,
                       Power boardPower, MigGeometry mig) {

    /**
     * A product as the catalog lists it; the NVML names are copied.
     *
     * @param id         the catalog id used on the command line, e.g. {@code "A100-SXM4-80GB"}
     * @param nvmlNames  names NVML reports for this product, e.g. {@code "NVIDIA A100-SXM4-80GB"}
     * @param die        the GPU die
     * @param memoryGb   on-board memory in GB
     * @param memoryType e.g. {@code "HBM2e"}, {@code "GDDR6"}
     * @param boardPower the maximum board power (TDP)
     * @param mig        the MIG geometry, or null if the product has no MIG; see {@link #migGeometry()}
     * @throws NullPointerException if the id, NVML names, die, memory type or board power is null
     * @throws IllegalArgumentException unless the memory is positive, naming the product
     */
    public GpuModel {
        Objects.requireNonNull(id, "id");
        nvmlNames = List.copyOf(nvmlNames);
        Objects.requireNonNull(die, "die");
        Objects.requireNonNull(memoryType, "memoryType");
        Objects.requireNonNull(boardPower, "boardPower");
        if (!(memoryGb > 0)) {
            throw new IllegalArgumentException("GPU " + id + ": memory must be positive, got " + memoryGb + " GB");
        }
    }

    /** @return the MIG geometry, empty for GPUs without MIG */
    public Optional<MigGeometry> migGeometry() {
        return Optional.ofNullable(mig);
    }

    /** @return whether this product supports MIG */
    public boolean supportsMig() {
        return mig != null;
    }

    @Override
    public String toString() {
        return id;
    }
}
