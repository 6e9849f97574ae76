package dev.greenslice.nvml.mig;

/**
 * A compute instance inside a GPU instance ({@code nvmlComputeInstanceInfo_t}). Immutable.
 *
 * @param gpuInstanceId the GPU instance it belongs to
 * @param id            the compute instance id within it
 * @param profileId     its compute-instance profile id
 * @param startSlice    the first compute slice of the GPU instance it occupies
 * @param slices        the compute slices it occupies
 */
public record ComputeInstanceInfo(int gpuInstanceId, int id, int profileId, int startSlice, int slices) {
}
