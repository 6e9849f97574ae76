package dev.greenslice.carbon.gpu.mig;

import java.util.List;
import java.util.Objects;

/**
 * A GPU-instance profile such as {@code 3g.40gb}: its compute and memory slices, SMs, memory, NVML
 * profile id and the placements the hardware allows. Immutable.
 *
 * @param name            the profile name, e.g. {@code "1g.10gb"}, {@code "1g.10gb+me"}, {@code "1g.20gb"}
 * @param nvmlProfileId   the id NVML returns in {@code nvmlGpuInstanceProfileInfo_t.id} and the create calls
 *                        take (as {@code nvidia-smi mig -lgip} lists it), e.g. 19 for {@code 1g.10gb}
 * @param nvmlProfileIndex the {@code NVML_GPU_INSTANCE_PROFILE_*} constant passed to
 *                        {@code nvmlDeviceGetGpuInstanceProfileInfo} to ask for this profile
 * @param computeSlices   compute slices (the {@code Ng} in the name), out of the GPU's total
 * @param memorySlices    memory slots it occupies
 * @param memoryGb        its memory in GB, as in the name
 * @param smCount         streaming multiprocessors it gets
 * @param mediaExtensions whether it is a {@code +me} profile (holds the media engines)
 * @param placements      the placements the hardware allows, by start slot
 */
public record MigProfile(String name, int nvmlProfileId, int nvmlProfileIndex, int computeSlices, int memorySlices,
                         double memoryGb, int smCount, boolean mediaExtensions, List<MigPlacement> placements) {

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
    public MigProfile {
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
}
