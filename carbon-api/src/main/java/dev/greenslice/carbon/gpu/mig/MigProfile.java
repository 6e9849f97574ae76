package dev.greenslice.carbon.gpu.mig;

import java.util.List;
import java.util.Objects;

/**
 * A GPU-instance profile such as {@code 3g.40gb}: its compute and memory slices, SMs, memory, NVML
 * profile id and the placements the hardware allows. Immutable.
 */
public final class MigProfile {
    private final String name;
    private final int nvmlProfileId;
    private final int nvmlProfileIndex;
    private final int computeSlices;
    private final int memorySlices;
    private final double memoryGb;
    private final int smCount;
    private final boolean mediaExtensions;
    private final List<MigPlacement> placements;

    /**
     * A profile as the catalog or the driver describes it; the placements are copied.
     *
     * @param name             the profile name, e.g. {@code "1g.10gb"}, {@code "1g.10gb+me"}, {@code "1g.20gb"}
     * @param nvmlProfileId    the id NVML returns in {@code nvmlGpuInstanceProfileInfo_t.id} and the create calls
     *                         take (as {@code nvidia-smi mig -lgip} lists it), e.g. 19 for {@code 1g.10gb}
     * @param nvmlProfileIndex the {@code NVML_GPU_INSTANCE_PROFILE_*} constant passed to {@code
     *                         nvmlDeviceGetGpuInstanceProfileInfo} to ask for this profile
     * @param computeSlices    compute slices (the {@code Ng} in the name), out of the GPU's total
     * @param memorySlices     memory slots it occupies
     * @param memoryGb         its memory in GB, as in the name
     * @param smCount          streaming multiprocessors it gets
     * @param mediaExtensions  whether it is a {@code +me} profile (holds the media engines)
     * @param placements       the placements the hardware allows, by start slot
     * @throws NullPointerException if the name or the placement list is null, or it holds a null
     * @throws IllegalArgumentException for non-positive slices, SMs or memory, or a placement that does not span the
     *                                  profile's memory slots
     */
    private MigProfile(String name, int nvmlProfileId, int nvmlProfileIndex, int computeSlices, int memorySlices,
            double memoryGb, int smCount, boolean mediaExtensions, List<MigPlacement> placements) {
        Objects.requireNonNull(name, "name");
        placements = List.copyOf(placements);
        if (computeSlices < 1 || memorySlices < 1 || smCount < 1 || !(memoryGb > 0)) {
            throw new IllegalArgumentException("MIG profile " + name + " has non-positive slices, SMs or memory");
        }
        for (MigPlacement p : placements) {
            if (p.size() != memorySlices) {
                throw new IllegalArgumentException("MIG profile " + name + ": placement " + p
                        + " does not span its " + memorySlices + " memory slots");
            }
        }
        this.name = name;
        this.nvmlProfileId = nvmlProfileId;
        this.nvmlProfileIndex = nvmlProfileIndex;
        this.computeSlices = computeSlices;
        this.memorySlices = memorySlices;
        this.memoryGb = memoryGb;
        this.smCount = smCount;
        this.mediaExtensions = mediaExtensions;
        this.placements = placements;
    }

    /** @return the short compute-size name used in layouts, e.g. {@code "3g"} */
    public String computeName() {
        return computeSlices + "g";
    }

    /**
     * Whether an instance of this profile may sit at a placement.
     *
     * @param placement the placement
     * @return whether {@code placement} is one this profile allows
     */
    public boolean allows(MigPlacement placement) {
        return placements.contains(placement);
    }

    @Override
    public String toString() {
        return name;
    }

    /** @return the profile name, e.g. {@code "1g.10gb"}, {@code "1g.10gb+me"}, {@code "1g.20gb"} */
    public String name() {
        return name;
    }

    /**
     * @return the id NVML returns in {@code nvmlGpuInstanceProfileInfo_t.id} and the create calls take (as {@code
     *         nvidia-smi mig -lgip} lists it), e.g. 19 for {@code 1g.10gb}
     */
    public int nvmlProfileId() {
        return nvmlProfileId;
    }

    /**
     * @return the {@code NVML_GPU_INSTANCE_PROFILE_*} constant passed to {@code nvmlDeviceGetGpuInstanceProfileInfo} to
     *         ask for this profile
     */
    public int nvmlProfileIndex() {
        return nvmlProfileIndex;
    }

    /** @return compute slices (the {@code Ng} in the name), out of the GPU's total */
    public int computeSlices() {
        return computeSlices;
    }

    /** @return memory slots it occupies */
    public int memorySlices() {
        return memorySlices;
    }

    /** @return its memory in GB, as in the name */
    public double memoryGb() {
        return memoryGb;
    }

    /** @return streaming multiprocessors it gets */
    public int smCount() {
        return smCount;
    }

    /** @return whether it is a {@code +me} profile (holds the media engines) */
    public boolean mediaExtensions() {
        return mediaExtensions;
    }

    /** @return the placements the hardware allows, by start slot */
    public List<MigPlacement> placements() {
        return placements;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MigProfile)) {
            return false;
        }
        MigProfile o = (MigProfile) other;
        return Objects.equals(name, o.name)
                && nvmlProfileId == o.nvmlProfileId
                && nvmlProfileIndex == o.nvmlProfileIndex
                && computeSlices == o.computeSlices
                && memorySlices == o.memorySlices
                && Double.compare(memoryGb, o.memoryGb) == 0
                && smCount == o.smCount
                && mediaExtensions == o.mediaExtensions
                && Objects.equals(placements, o.placements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nvmlProfileId, nvmlProfileIndex, computeSlices, memorySlices, memoryGb, smCount,
                mediaExtensions, placements);
    }

    /**
     * A builder for a {@link MigProfile}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link MigProfile} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String name;
        private int nvmlProfileId;
        private int nvmlProfileIndex;
        private int computeSlices;
        private int memorySlices;
        private double memoryGb;
        private int smCount;
        private boolean mediaExtensions;
        private List<MigPlacement> placements = List.of();

        private Builder() {
        }

        /**
         * Sets {@link MigProfile#name()}.
         *
         * @param name the profile name, e.g. {@code "1g.10gb"}, {@code "1g.10gb+me"}, {@code "1g.20gb"}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link MigProfile#nvmlProfileId()}.
         *
         * @param nvmlProfileId the id NVML returns in {@code nvmlGpuInstanceProfileInfo_t.id} and the create calls take (as {@code nvidia-smi mig -lgip} lists it), e.g. 19 for {@code 1g.10gb}
         * @return this builder
         */
        public Builder nvmlProfileId(int nvmlProfileId) {
            this.nvmlProfileId = nvmlProfileId;
            return this;
        }

        /**
         * Sets {@link MigProfile#nvmlProfileIndex()}.
         *
         * @param nvmlProfileIndex the {@code NVML_GPU_INSTANCE_PROFILE_*} constant passed to {@code nvmlDeviceGetGpuInstanceProfileInfo} to ask for this profile
         * @return this builder
         */
        public Builder nvmlProfileIndex(int nvmlProfileIndex) {
            this.nvmlProfileIndex = nvmlProfileIndex;
            return this;
        }

        /**
         * Sets {@link MigProfile#computeSlices()}.
         *
         * @param computeSlices compute slices (the {@code Ng} in the name), out of the GPU's total
         * @return this builder
         */
        public Builder computeSlices(int computeSlices) {
            this.computeSlices = computeSlices;
            return this;
        }

        /**
         * Sets {@link MigProfile#memorySlices()}.
         *
         * @param memorySlices memory slots it occupies
         * @return this builder
         */
        public Builder memorySlices(int memorySlices) {
            this.memorySlices = memorySlices;
            return this;
        }

        /**
         * Sets {@link MigProfile#memoryGb()}.
         *
         * @param memoryGb its memory in GB, as in the name
         * @return this builder
         */
        public Builder memoryGb(double memoryGb) {
            this.memoryGb = memoryGb;
            return this;
        }

        /**
         * Sets {@link MigProfile#smCount()}.
         *
         * @param smCount streaming multiprocessors it gets
         * @return this builder
         */
        public Builder smCount(int smCount) {
            this.smCount = smCount;
            return this;
        }

        /**
         * Sets {@link MigProfile#mediaExtensions()}.
         *
         * @param mediaExtensions whether it is a {@code +me} profile (holds the media engines)
         * @return this builder
         */
        public Builder mediaExtensions(boolean mediaExtensions) {
            this.mediaExtensions = mediaExtensions;
            return this;
        }

        /**
         * Sets {@link MigProfile#placements()}.
         *
         * @param placements the placements the hardware allows, by start slot
         * @return this builder
         */
        public Builder placements(List<MigPlacement> placements) {
            this.placements = placements;
            return this;
        }

        /**
         * Validates the settings as {@link MigProfile} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public MigProfile build() {
            return new MigProfile(name, nvmlProfileId, nvmlProfileIndex, computeSlices, memorySlices, memoryGb,
                    smCount, mediaExtensions, placements);
        }
    }
}
