package dev.greenslice.nvml;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of {@code CUDA_VISIBLE_DEVICES} resolved to the GPU (and MIG device) NVML knows it as. Immutable.
 *
 * @param cudaOrdinal       the device number CUDA gives it in this process (its position in the list)
 * @param entry             the entry as written, e.g. {@code "1"}, {@code "GPU-5e1a"}, {@code "MIG-…"}
 * @param gpuIndex          the NVML index of the physical GPU
 * @param gpuUuid           the physical GPU's UUID
 * @param migUuid           the MIG device's UUID, for MIG entries
 * @param gpuInstanceId     the MIG GPU instance id, for MIG entries
 * @param computeInstanceId the MIG compute instance id, for MIG entries
 */
public record CudaDevice(int cudaOrdinal, String entry, int gpuIndex, String gpuUuid, Optional<String> migUuid,
                         OptionalInt gpuInstanceId, OptionalInt computeInstanceId) {

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
    public CudaDevice {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(gpuUuid, "gpuUuid");
        Objects.requireNonNull(migUuid, "migUuid");
        Objects.requireNonNull(gpuInstanceId, "gpuInstanceId");
        Objects.requireNonNull(computeInstanceId, "computeInstanceId");
    }

    /** @return whether the entry names a MIG device rather than a whole GPU */
    public boolean isMig() {
        return migUuid.isPresent();
    }
}
