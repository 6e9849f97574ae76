package dev.greenslice.nvml.mig;

import dev.greenslice.carbon.gpu.mig.MigPlacement;

import java.util.Objects;

/**
 * A GPU instance that exists on a device ({@code nvmlGpuInstanceInfo_t}). Immutable.
 *
 * @param id            the GPU instance id the driver assigned
 * @param profileId     its profile id
 * @param profileName   its profile name, e.g. {@code "3g.40gb"}
 * @param placement     the memory slots it occupies
 * @param computeSlices its compute slices
 */
public record GpuInstanceInfo(int id, int profileId, String profileName, MigPlacement placement, int computeSlices) {

    /**
     * A GPU instance as the driver lists it.
     *
     * @param id            the GPU instance id the driver assigned
     * @param profileId     its profile id
     * @param profileName   its profile name, e.g. {@code "3g.40gb"}
     * @param placement     the memory slots it occupies
     * @param computeSlices its compute slices
     * @throws NullPointerException if the profile name or placement is null
     */
    public GpuInstanceInfo {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(placement, "placement");
    }
}
