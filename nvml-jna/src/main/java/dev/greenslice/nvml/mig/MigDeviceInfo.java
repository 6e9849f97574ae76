package dev.greenslice.nvml.mig;

import java.util.Objects;

/**
 * A MIG device: one compute instance as CUDA sees it, found through the unprivileged MIG device handles
 * ({@code nvmlDeviceGetMigDeviceHandleByIndex}, {@code nvmlDeviceGetAttributes_v2}). Immutable.
 *
 * @param uuid                  its UUID, {@code MIG-…}, as {@code CUDA_VISIBLE_DEVICES} takes it
 * @param gpuInstanceId         its GPU instance id
 * @param computeInstanceId     its compute instance id
 * @param profileName           its GPU-instance profile name, e.g. {@code "3g.40gb"}, from the device name
 * @param gpuInstanceSlices     compute slices of its GPU instance
 * @param computeInstanceSlices compute slices of its compute instance
 * @param memoryMb              its GPU instance's memory, MiB
 * @param multiprocessorCount   its streaming multiprocessors
 */
public record MigDeviceInfo(String uuid, int gpuInstanceId, int computeInstanceId, String profileName,
                            int gpuInstanceSlices, int computeInstanceSlices, long memoryMb,
                            int multiprocessorCount) {

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
    public MigDeviceInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(profileName, "profileName");
    }
}
