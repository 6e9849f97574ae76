package dev.greenslice.nvml.mig;

import java.util.Objects;

/**
 * One GPU-instance profile as the device reports it ({@code nvmlGpuInstanceProfileInfo_v3_t}, or an older
 * version). Note that {@code profileIndex} (the {@code NVML_GPU_INSTANCE_PROFILE_*} constant used to ask) is not
 * {@code profileId} (what the create and placement calls take): on an A100, index 0 is {@code 1g.5gb} with id 19.
 * Immutable.
 */
public final class GpuInstanceProfileInfo {
    private final int profileIndex;
    private final int profileId;
    private final String name;
    private final int sliceCount;
    private final int instanceCount;
    private final int multiprocessorCount;
    private final int copyEngineCount;
    private final int decoderCount;
    private final int encoderCount;
    private final int jpegCount;
    private final int ofaCount;
    private final long memoryMb;

    /**
     * A profile as the driver describes it.
     *
     * @param profileIndex        the {@code NVML_GPU_INSTANCE_PROFILE_*} index it was queried with
     * @param profileId           the profile id the create, placement and instance calls take
     * @param name                the profile name without NVML's {@code "MIG "} prefix, e.g. {@code "3g.40gb"}
     * @param sliceCount          compute slices
     * @param instanceCount       how many instances of it the GPU can hold
     * @param multiprocessorCount streaming multiprocessors
     * @param copyEngineCount     copy engines
     * @param decoderCount        video decoders
     * @param encoderCount        video encoders
     * @param jpegCount           JPEG engines
     * @param ofaCount            optical-flow accelerators
     * @param memoryMb            memory in MiB
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if the profile has no slices or no memory (a driver answer that cannot be
     *                                  planned with)
     */
    private GpuInstanceProfileInfo(int profileIndex, int profileId, String name, int sliceCount, int instanceCount,
            int multiprocessorCount, int copyEngineCount, int decoderCount, int encoderCount, int jpegCount,
            int ofaCount, long memoryMb) {
        Objects.requireNonNull(name, "name");
        if (sliceCount < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("MIG profile " + name + " (id " + profileId
                    + ") reports no slices or memory: slices " + sliceCount + ", memory " + memoryMb + " MiB");
        }
        this.profileIndex = profileIndex;
        this.profileId = profileId;
        this.name = name;
        this.sliceCount = sliceCount;
        this.instanceCount = instanceCount;
        this.multiprocessorCount = multiprocessorCount;
        this.copyEngineCount = copyEngineCount;
        this.decoderCount = decoderCount;
        this.encoderCount = encoderCount;
        this.jpegCount = jpegCount;
        this.ofaCount = ofaCount;
        this.memoryMb = memoryMb;
    }

    /** @return whether this is a {@code +me} profile holding the media engines */
    public boolean mediaExtensions() {
        return name.endsWith("+me");
    }

    /** @return the {@code NVML_GPU_INSTANCE_PROFILE_*} index it was queried with */
    public int profileIndex() {
        return profileIndex;
    }

    /** @return the profile id the create, placement and instance calls take */
    public int profileId() {
        return profileId;
    }

    /** @return the profile name without NVML's {@code "MIG "} prefix, e.g. {@code "3g.40gb"} */
    public String name() {
        return name;
    }

    /** @return compute slices */
    public int sliceCount() {
        return sliceCount;
    }

    /** @return how many instances of it the GPU can hold */
    public int instanceCount() {
        return instanceCount;
    }

    /** @return streaming multiprocessors */
    public int multiprocessorCount() {
        return multiprocessorCount;
    }

    /** @return copy engines */
    public int copyEngineCount() {
        return copyEngineCount;
    }

    /** @return video decoders */
    public int decoderCount() {
        return decoderCount;
    }

    /** @return video encoders */
    public int encoderCount() {
        return encoderCount;
    }

    /** @return JPEG engines */
    public int jpegCount() {
        return jpegCount;
    }

    /** @return optical-flow accelerators */
    public int ofaCount() {
        return ofaCount;
    }

    /** @return memory in MiB */
    public long memoryMb() {
        return memoryMb;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof GpuInstanceProfileInfo)) {
            return false;
        }
        GpuInstanceProfileInfo o = (GpuInstanceProfileInfo) other;
        return profileIndex == o.profileIndex
                && profileId == o.profileId
                && Objects.equals(name, o.name)
                && sliceCount == o.sliceCount
                && instanceCount == o.instanceCount
                && multiprocessorCount == o.multiprocessorCount
                && copyEngineCount == o.copyEngineCount
                && decoderCount == o.decoderCount
                && encoderCount == o.encoderCount
                && jpegCount == o.jpegCount
                && ofaCount == o.ofaCount
                && memoryMb == o.memoryMb;
    }

    @Override
    public int hashCode() {
        return Objects.hash(profileIndex, profileId, name, sliceCount, instanceCount, multiprocessorCount,
                copyEngineCount, decoderCount, encoderCount, jpegCount, ofaCount, memoryMb);
    }

    @Override
    public String toString() {
        return "GpuInstanceProfileInfo[profileIndex=" + profileIndex
                + ", profileId=" + profileId
                + ", name=" + name
                + ", sliceCount=" + sliceCount
                + ", instanceCount=" + instanceCount
                + ", multiprocessorCount=" + multiprocessorCount
                + ", copyEngineCount=" + copyEngineCount
                + ", decoderCount=" + decoderCount
                + ", encoderCount=" + encoderCount
                + ", jpegCount=" + jpegCount
                + ", ofaCount=" + ofaCount
                + ", memoryMb=" + memoryMb + "]";
    }

    /**
     * A builder for a {@link GpuInstanceProfileInfo}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link GpuInstanceProfileInfo} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private int profileIndex;
        private int profileId;
        private String name;
        private int sliceCount;
        private int instanceCount;
        private int multiprocessorCount;
        private int copyEngineCount;
        private int decoderCount;
        private int encoderCount;
        private int jpegCount;
        private int ofaCount;
        private long memoryMb;

        private Builder() {
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#profileIndex()}.
         *
         * @param profileIndex the {@code NVML_GPU_INSTANCE_PROFILE_*} index it was queried with
         * @return this builder
         */
        public Builder profileIndex(int profileIndex) {
            this.profileIndex = profileIndex;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#profileId()}.
         *
         * @param profileId the profile id the create, placement and instance calls take
         * @return this builder
         */
        public Builder profileId(int profileId) {
            this.profileId = profileId;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#name()}.
         *
         * @param name the profile name without NVML's {@code "MIG "} prefix, e.g. {@code "3g.40gb"}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#sliceCount()}.
         *
         * @param sliceCount compute slices
         * @return this builder
         */
        public Builder sliceCount(int sliceCount) {
            this.sliceCount = sliceCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#instanceCount()}.
         *
         * @param instanceCount how many instances of it the GPU can hold
         * @return this builder
         */
        public Builder instanceCount(int instanceCount) {
            this.instanceCount = instanceCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#multiprocessorCount()}.
         *
         * @param multiprocessorCount streaming multiprocessors
         * @return this builder
         */
        public Builder multiprocessorCount(int multiprocessorCount) {
            this.multiprocessorCount = multiprocessorCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#copyEngineCount()}.
         *
         * @param copyEngineCount copy engines
         * @return this builder
         */
        public Builder copyEngineCount(int copyEngineCount) {
            this.copyEngineCount = copyEngineCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#decoderCount()}.
         *
         * @param decoderCount video decoders
         * @return this builder
         */
        public Builder decoderCount(int decoderCount) {
            this.decoderCount = decoderCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#encoderCount()}.
         *
         * @param encoderCount video encoders
         * @return this builder
         */
        public Builder encoderCount(int encoderCount) {
            this.encoderCount = encoderCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#jpegCount()}.
         *
         * @param jpegCount JPEG engines
         * @return this builder
         */
        public Builder jpegCount(int jpegCount) {
            this.jpegCount = jpegCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#ofaCount()}.
         *
         * @param ofaCount optical-flow accelerators
         * @return this builder
         */
        public Builder ofaCount(int ofaCount) {
            this.ofaCount = ofaCount;
            return this;
        }

        /**
         * Sets {@link GpuInstanceProfileInfo#memoryMb()}.
         *
         * @param memoryMb memory in MiB
         * @return this builder
         */
        public Builder memoryMb(long memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /**
         * Validates the settings as {@link GpuInstanceProfileInfo} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public GpuInstanceProfileInfo build() {
            return new GpuInstanceProfileInfo(profileIndex, profileId, name, sliceCount, instanceCount,
                    multiprocessorCount, copyEngineCount, decoderCount, encoderCount, jpegCount, ofaCount, memoryMb);
        }
    }
}
