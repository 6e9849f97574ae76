package dev.greenslice.carbon.gpu;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.mig.MigGeometry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A GPU product as the library knows it: its die and memory (for embodied carbon), its board power, and
 * its MIG geometry if it has one. Entries live in {@link GpuCatalog}. Immutable.
 */
public final class GpuModel {
    private final String id;
    private final List<String> nvmlNames;
    private final GpuDie die;
    private final double memoryGb;
    private final String memoryType;
    private final Power boardPower;
    private final MigGeometry mig;

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
    private GpuModel(String id, List<String> nvmlNames, GpuDie die, double memoryGb, String memoryType, Power boardPower,
            MigGeometry mig) {
        Objects.requireNonNull(id, "id");
        nvmlNames = List.copyOf(nvmlNames);
        Objects.requireNonNull(die, "die");
        Objects.requireNonNull(memoryType, "memoryType");
        Objects.requireNonNull(boardPower, "boardPower");
        if (!(memoryGb > 0)) {
            throw new IllegalArgumentException("GPU " + id + ": memory must be positive, got " + memoryGb + " GB");
        }
        this.id = id;
        this.nvmlNames = nvmlNames;
        this.die = die;
        this.memoryGb = memoryGb;
        this.memoryType = memoryType;
        this.boardPower = boardPower;
        this.mig = mig;
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

    /** @return the catalog id used on the command line, e.g. {@code "A100-SXM4-80GB"} */
    public String id() {
        return id;
    }

    /** @return names NVML reports for this product, e.g. {@code "NVIDIA A100-SXM4-80GB"} */
    public List<String> nvmlNames() {
        return nvmlNames;
    }

    /** @return the GPU die */
    public GpuDie die() {
        return die;
    }

    /** @return on-board memory in GB */
    public double memoryGb() {
        return memoryGb;
    }

    /** @return e.g. {@code "HBM2e"}, {@code "GDDR6"} */
    public String memoryType() {
        return memoryType;
    }

    /** @return the maximum board power (TDP) */
    public Power boardPower() {
        return boardPower;
    }

    /** @return the MIG geometry, or null if the product has no MIG; see {@link #migGeometry()} */
    public MigGeometry mig() {
        return mig;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof GpuModel)) {
            return false;
        }
        GpuModel o = (GpuModel) other;
        return Objects.equals(id, o.id)
                && Objects.equals(nvmlNames, o.nvmlNames)
                && Objects.equals(die, o.die)
                && Double.compare(memoryGb, o.memoryGb) == 0
                && Objects.equals(memoryType, o.memoryType)
                && Objects.equals(boardPower, o.boardPower)
                && Objects.equals(mig, o.mig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, nvmlNames, die, memoryGb, memoryType, boardPower, mig);
    }

    /**
     * A builder for a {@link GpuModel}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link GpuModel} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String id;
        private List<String> nvmlNames = List.of();
        private GpuDie die;
        private double memoryGb;
        private String memoryType;
        private Power boardPower;
        private MigGeometry mig;

        private Builder() {
        }

        /**
         * Sets {@link GpuModel#id()}.
         *
         * @param id the catalog id used on the command line, e.g. {@code "A100-SXM4-80GB"}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets {@link GpuModel#nvmlNames()}.
         *
         * @param nvmlNames names NVML reports for this product, e.g. {@code "NVIDIA A100-SXM4-80GB"}
         * @return this builder
         */
        public Builder nvmlNames(List<String> nvmlNames) {
            this.nvmlNames = nvmlNames;
            return this;
        }

        /**
         * Sets {@link GpuModel#die()}.
         *
         * @param die the GPU die
         * @return this builder
         */
        public Builder die(GpuDie die) {
            this.die = die;
            return this;
        }

        /**
         * Sets {@link GpuModel#memoryGb()}.
         *
         * @param memoryGb on-board memory in GB
         * @return this builder
         */
        public Builder memoryGb(double memoryGb) {
            this.memoryGb = memoryGb;
            return this;
        }

        /**
         * Sets {@link GpuModel#memoryType()}.
         *
         * @param memoryType e.g. {@code "HBM2e"}, {@code "GDDR6"}
         * @return this builder
         */
        public Builder memoryType(String memoryType) {
            this.memoryType = memoryType;
            return this;
        }

        /**
         * Sets {@link GpuModel#boardPower()}.
         *
         * @param boardPower the maximum board power (TDP)
         * @return this builder
         */
        public Builder boardPower(Power boardPower) {
            this.boardPower = boardPower;
            return this;
        }

        /**
         * Sets {@link GpuModel#mig()}.
         *
         * @param mig the MIG geometry, or null if the product has no MIG; see {@link #migGeometry()}
         * @return this builder
         */
        public Builder mig(MigGeometry mig) {
            this.mig = mig;
            return this;
        }

        /**
         * Validates the settings as {@link GpuModel} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public GpuModel build() {
            return new GpuModel(id, nvmlNames, die, memoryGb, memoryType, boardPower, mig);
        }
    }
}
