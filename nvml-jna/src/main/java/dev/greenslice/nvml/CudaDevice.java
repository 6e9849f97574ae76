package dev.greenslice.nvml;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of {@code CUDA_VISIBLE_DEVICES} resolved to the GPU (and MIG device) NVML knows it as. Immutable.
 */
public final class CudaDevice {
    private final int cudaOrdinal;
    private final String entry;
    private final int gpuIndex;
    private final String gpuUuid;
    private final Optional<String> migUuid;
    private final OptionalInt gpuInstanceId;
    private final OptionalInt computeInstanceId;

    /**
     * One device CUDA sees. The MIG fields are empty for a whole GPU; they are never null.
     *
     * @param cudaOrdinal       the device number CUDA gives it in this process (its position in the list)
     * @param entry             the entry as written, e.g. {@code "1"}, {@code "GPU-5e1a"}, {@code "MIG-…"}
     * @param gpuIndex          the NVML index of the physical GPU
     * @param gpuUuid           the physical GPU's UUID
     * @param migUuid           the MIG device's UUID, for MIG entries
     * @param gpuInstanceId     the MIG GPU instance id, for MIG entries
     * @param computeInstanceId the MIG compute instance id, for MIG entries
     * @throws NullPointerException if the entry, the GPU UUID or any of the optional fields is null
     */
    CudaDevice(int cudaOrdinal, String entry, int gpuIndex, String gpuUuid, Optional<String> migUuid,
            OptionalInt gpuInstanceId, OptionalInt computeInstanceId) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(gpuUuid, "gpuUuid");
        Objects.requireNonNull(migUuid, "migUuid");
        Objects.requireNonNull(gpuInstanceId, "gpuInstanceId");
        Objects.requireNonNull(computeInstanceId, "computeInstanceId");
        this.cudaOrdinal = cudaOrdinal;
        this.entry = entry;
        this.gpuIndex = gpuIndex;
        this.gpuUuid = gpuUuid;
        this.migUuid = migUuid;
        this.gpuInstanceId = gpuInstanceId;
        this.computeInstanceId = computeInstanceId;
    }

    /** @return whether the entry names a MIG device rather than a whole GPU */
    public boolean isMig() {
        return migUuid.isPresent();
    }

    /** @return the device number CUDA gives it in this process (its position in the list) */
    public int cudaOrdinal() {
        return cudaOrdinal;
    }

    /** @return the entry as written, e.g. {@code "1"}, {@code "GPU-5e1a"}, {@code "MIG-…"} */
    public String entry() {
        return entry;
    }

    /** @return the NVML index of the physical GPU */
    public int gpuIndex() {
        return gpuIndex;
    }

    /** @return the physical GPU's UUID */
    public String gpuUuid() {
        return gpuUuid;
    }

    /** @return the MIG device's UUID, for MIG entries */
    public Optional<String> migUuid() {
        return migUuid;
    }

    /** @return the MIG GPU instance id, for MIG entries */
    public OptionalInt gpuInstanceId() {
        return gpuInstanceId;
    }

    /** @return the MIG compute instance id, for MIG entries */
    public OptionalInt computeInstanceId() {
        return computeInstanceId;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CudaDevice)) {
            return false;
        }
        CudaDevice o = (CudaDevice) other;
        return cudaOrdinal == o.cudaOrdinal
                && Objects.equals(entry, o.entry)
                && gpuIndex == o.gpuIndex
                && Objects.equals(gpuUuid, o.gpuUuid)
                && Objects.equals(migUuid, o.migUuid)
                && Objects.equals(gpuInstanceId, o.gpuInstanceId)
                && Objects.equals(computeInstanceId, o.computeInstanceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cudaOrdinal, entry, gpuIndex, gpuUuid, migUuid, gpuInstanceId, computeInstanceId);
    }

    @Override
    public String toString() {
        return "CudaDevice[cudaOrdinal=" + cudaOrdinal
                + ", entry=" + entry
                + ", gpuIndex=" + gpuIndex
                + ", gpuUuid=" + gpuUuid
                + ", migUuid=" + migUuid
                + ", gpuInstanceId=" + gpuInstanceId
                + ", computeInstanceId=" + computeInstanceId + "]";
    }
}
