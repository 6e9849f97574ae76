package dev.greenslice.nvml.mig;

import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a carbon-api {@link MigGeometry} from what a device reports about itself: its GPU-instance profiles
 * and each profile's possible placements. The device's compute slices are the largest profile's slice count,
 * its memory slots the furthest placement end. Stateless and thread-safe.
 */
public final class DeviceMigGeometry {

    private static final Pattern MEMORY_IN_NAME = Pattern.compile("\\.(\\d+)gb");

    private DeviceMigGeometry() {
    }

    /**
     * The geometry a device reports: its profiles with their placements, the compute slices of its largest
     * profile and the memory slots its placements span.
     *
     * @param gpu        the product name, for messages (e.g. {@code "NVIDIA A100-SXM4-80GB"})
     * @param profiles   the device's profiles, as {@link MigControl#profiles()} returns them
     * @param placements each profile id's possible placements
     * @return the geometry, with each profile's memory in GB as its name states it
     * @throws IllegalArgumentException if there are no profiles, or a profile has no placements or placements of
     *                                  different sizes
     */
    public static MigGeometry of(String gpu, List<GpuInstanceProfileInfo> profiles,
                                 Map<Integer, List<MigPlacement>> placements) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException(gpu + " reports no MIG profiles");
        }
        int computeSlices = 0;
        int memorySlots = 0;
        List<MigProfile> out = new ArrayList<>();
        for (GpuInstanceProfileInfo p : profiles) {
            List<MigPlacement> ps = placements.getOrDefault(p.profileId(), List.of());
            if (ps.isEmpty()) {
                throw new IllegalArgumentException(gpu + ": MIG profile " + p.name() + " (id " + p.profileId()
                        + ") has no possible placements");
            }
            int size = ps.get(0).size();
            for (MigPlacement pl : ps) {
                memorySlots = Math.max(memorySlots, pl.end());
            }
            computeSlices = Math.max(computeSlices, p.sliceCount());
            out.add(MigProfile.builder().name(p.name()).nvmlProfileId(p.profileId()).nvmlProfileIndex(p.profileIndex())
                    .computeSlices(p.sliceCount()).memorySlices(size).memoryGb(memoryGb(p))
                    .smCount(Math.max(1, p.multiprocessorCount())).mediaExtensions(p.mediaExtensions()).placements(ps)
                    .build());
        }
        return new MigGeometry(gpu, computeSlices, memorySlots, out);
    }

    /** The memory in GB as the profile's name states it ({@code 3g.40gb} → 40), else MiB / 1024 rounded. */
    static double memoryGb(GpuInstanceProfileInfo p) {
        Matcher m = MEMORY_IN_NAME.matcher(p.name());
        if (m.find()) {
            return Double.parseDouble(m.group(1));
        }
        return Math.max(1, Math.round(p.memoryMb() / 1024.0));
    }

    /**
     * The profile name NVML's v1 profile struct lacks: {@code Ng.Mgb}, with {@code +me} for the media-extension
     * profile index ({@code NVML_GPU_INSTANCE_PROFILE_1_SLICE_REV1}).
     *
     * @param profileIndex the profile index ({@code NVML_GPU_INSTANCE_PROFILE_*}); 7 is the media-extension one
     * @param sliceCount   the profile's compute slices
     * @param memoryMb     the profile's memory in MiB, as the driver reports it (a little under the marketed size)
     * @return e.g. {@code "3g.40gb"} for 3 slices and 40,192 MiB: GiB rounded to 5 below 5 GB, else to tens
     */
    public static String nameFor(int profileIndex, int sliceCount, long memoryMb) {
        long gb = Math.round(memoryMb / 1024.0);
        long rounded = gb <= 5 ? 5 : Math.round(gb / 10.0) * 10;
        return sliceCount + "g." + rounded + "gb" + (profileIndex == 7 ? "+me" : "");
    }
}
