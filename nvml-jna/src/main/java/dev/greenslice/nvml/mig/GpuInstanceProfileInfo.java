package dev.greenslice.nvml.mig;

import java.util.Objects;

/**
 * One GPU-instance profile as the device reports it ({@code nvmlGpuInstanceProfileInfo_v3_t}, or an older
 * version). Note that {@code profileIndex} (the {@code NVML_GPU_INSTANCE_PROFILE_*} constant used to ask) is not
 * {@code profileId} (what the create and placement calls take): on an A100, index 0 is {@code 1g.5gb} with id 19.
 * Immutable.
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
 */
public record GpuInstanceProfileInfo(int profileIndex, int profileId, String name, int sliceCount, int instanceCount,
                                     int multiprocessorCount, int copyEngineCount, int decoderCount, int encoderCount,
                                     int jpegCount, int ofaCount, long memoryMb) {

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
    public GpuInstanceProfileInfo {
        Objects.requireNonNull(name, "name");
        if (sliceCount < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("MIG profile " + name + " (id " + profileId
                    + ") reports no slices or memory: slices " + sliceCount + ", memory " + memoryMb + " MiB");
        }
    }

    /** @return whether this is a {@code +me} profile holding the media engines */
    public boolean mediaExtensions() {
        return name.endsWith("+me");
    }
}
