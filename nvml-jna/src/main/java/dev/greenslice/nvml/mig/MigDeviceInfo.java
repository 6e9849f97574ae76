package dev.greenslice.nvml.mig;

import java.util.Objects;

/**
 * A MIG device: one compute instance as CUDA sees it, found through the unprivileged MIG device handles
 * ({@code nvmlDeviceGetMigDeviceHandleByIndex}, {@code nvmlDeviceGetAttributes_v2}). Immutable.
 */
public final class MigDeviceInfo {
    private final String uuid;
    private final int gpuInstanceId;
    private final int computeInstanceId;
    private final String profileName;
    private final int gpuInstanceSlices;
    private final int computeInstanceSlices;
    private final long memoryMb;
    private final int multiprocessorCount;

    /**
     * A MIG device as NVML describes it.
     *
     * @param uuid                  its UUID, {@code MIG-…}, as {@code CUDA_VISIBLE_DEVICES} takes it
     * @param gpuInstanceId         its GPU instance id
     * @param computeInstanceId     its compute instance id
     * @param profileName           its GPU-instance profile name, e.g. {@code "3g.40gb"}, from the device name
     * @param gpuInstanceSlices     compute slices of its GPU instance
     * @param computeInstanceSlices compute slices of its compute instance
     * @param memoryMb              its GPU instance's memory, MiB
     * @param multiprocessorCount   its streaming multiprocessors
     * @throws NullPointerException if the UUID or profile name is null
     */
    private MigDeviceInfo(String uuid, int gpuInstanceId, int computeInstanceId, String profileName,
            int gpuInstanceSlices, int computeInstanceSlices, long memoryMb, int multiprocessorCount) {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(profileName, "profileName");
        this.uuid = uuid;
        this.gpuInstanceId = gpuInstanceId;
        this.computeInstanceId = computeInstanceId;
        this.profileName = profileName;
        this.gpuInstanceSlices = gpuInstanceSlices;
        this.computeInstanceSlices = computeInstanceSlices;
        this.memoryMb = memoryMb;
        this.multiprocessorCount = multiprocessorCount;
    }

    /** @return its UUID, {@code MIG-…}, as {@code CUDA_VISIBLE_DEVICES} takes it */
    public String uuid() {
        return uuid;
    }

    /** @return its GPU instance id */
    public int gpuInstanceId() {
        return gpuInstanceId;
    }

    /** @return its compute instance id */
    public int computeInstanceId() {
        return computeInstanceId;
    }

    /** @return its GPU-instance profile name, e.g. {@code "3g.40gb"}, from the device name */
    public String profileName() {
        return profileName;
    }

    /** @return compute slices of its GPU instance */
    public int gpuInstanceSlices() {
        return gpuInstanceSlices;
    }

    /** @return compute slices of its compute instance */
    public int computeInstanceSlices() {
        return computeInstanceSlices;
    }

    /** @return its GPU instance's memory, MiB */
    public long memoryMb() {
        return memoryMb;
    }

    /** @return its streaming multiprocessors */
    public int multiprocessorCount() {
        return multiprocessorCount;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MigDeviceInfo)) {
            return false;
        }
        MigDeviceInfo o = (MigDeviceInfo) other;
        return Objects.equals(uuid, o.uuid)
                && gpuInstanceId == o.gpuInstanceId
                && computeInstanceId == o.computeInstanceId
                && Objects.equals(profileName, o.profileName)
                && gpuInstanceSlices == o.gpuInstanceSlices
                && computeInstanceSlices == o.computeInstanceSlices
                && memoryMb == o.memoryMb
                && multiprocessorCount == o.multiprocessorCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, gpuInstanceId, computeInstanceId, profileName, gpuInstanceSlices,
                computeInstanceSlices, memoryMb, multiprocessorCount);
    }

    @Override
    public String toString() {
        return "MigDeviceInfo[uuid=" + uuid
                + ", gpuInstanceId=" + gpuInstanceId
                + ", computeInstanceId=" + computeInstanceId
                + ", profileName=" + profileName
                + ", gpuInstanceSlices=" + gpuInstanceSlices
                + ", computeInstanceSlices=" + computeInstanceSlices
                + ", memoryMb=" + memoryMb
                + ", multiprocessorCount=" + multiprocessorCount + "]";
    }

    /**
     * A builder for a {@link MigDeviceInfo}: set what you know by name; {@link Builder#build()} validates.
     *
     * @return a new builder with no component set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link MigDeviceInfo} by named settings, so that a component added later breaks no caller.
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String uuid;
        private int gpuInstanceId;
        private int computeInstanceId;
        private String profileName;
        private int gpuInstanceSlices;
        private int computeInstanceSlices;
        private long memoryMb;
        private int multiprocessorCount;

        private Builder() {
        }

        /**
         * Sets {@link MigDeviceInfo#uuid()}.
         *
         * @param uuid its UUID, {@code MIG-…}, as {@code CUDA_VISIBLE_DEVICES} takes it
         * @return this builder
         */
        public Builder uuid(String uuid) {
            this.uuid = uuid;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#gpuInstanceId()}.
         *
         * @param gpuInstanceId its GPU instance id
         * @return this builder
         */
        public Builder gpuInstanceId(int gpuInstanceId) {
            this.gpuInstanceId = gpuInstanceId;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#computeInstanceId()}.
         *
         * @param computeInstanceId its compute instance id
         * @return this builder
         */
        public Builder computeInstanceId(int computeInstanceId) {
            this.computeInstanceId = computeInstanceId;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#profileName()}.
         *
         * @param profileName its GPU-instance profile name, e.g. {@code "3g.40gb"}, from the device name
         * @return this builder
         */
        public Builder profileName(String profileName) {
            this.profileName = profileName;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#gpuInstanceSlices()}.
         *
         * @param gpuInstanceSlices compute slices of its GPU instance
         * @return this builder
         */
        public Builder gpuInstanceSlices(int gpuInstanceSlices) {
            this.gpuInstanceSlices = gpuInstanceSlices;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#computeInstanceSlices()}.
         *
         * @param computeInstanceSlices compute slices of its compute instance
         * @return this builder
         */
        public Builder computeInstanceSlices(int computeInstanceSlices) {
            this.computeInstanceSlices = computeInstanceSlices;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#memoryMb()}.
         *
         * @param memoryMb its GPU instance's memory, MiB
         * @return this builder
         */
        public Builder memoryMb(long memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /**
         * Sets {@link MigDeviceInfo#multiprocessorCount()}.
         *
         * @param multiprocessorCount its streaming multiprocessors
         * @return this builder
         */
        public Builder multiprocessorCount(int multiprocessorCount) {
            this.multiprocessorCount = multiprocessorCount;
            return this;
        }

        /**
         * Validates the settings as {@link MigDeviceInfo} documents them.
         *
         * @return the value
         * @throws NullPointerException if a required component was not set
         * @throws IllegalArgumentException if a component is out of range, naming it
         */
        public MigDeviceInfo build() {
            return new MigDeviceInfo(uuid, gpuInstanceId, computeInstanceId, profileName, gpuInstanceSlices,
                    computeInstanceSlices, memoryMb, multiprocessorCount);
        }
    }
}
