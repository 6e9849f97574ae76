package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.mig.MigPlacement;

import java.util.ArrayList;
import java.util.List;

/**
 * The GPU and compute instances of a device at one moment, as the restore needs them: per GPU instance its
 * profile id, placement and the profile ids of its compute instances. Encodes to one journal line,
 * {@code profileId@start:size/ci+ci;…}. Immutable.
 */
record MigSnapshot(List<GpuInstanceState> instances) {

    /** One GPU instance: its driver id (not journaled), profile, placement and compute-instance profiles. */
    record GpuInstanceState(int gpuInstanceId, int profileId, MigPlacement placement, List<Integer> ciProfileIds) {
        GpuInstanceState {
            ciProfileIds = ciProfileIds.stream().sorted().toList();
        }

        /** @return whether both describe the same instance, ignoring the driver's id */
        boolean sameAs(GpuInstanceState o) {
            return profileId == o.profileId && placement.equals(o.placement) && ciProfileIds.equals(o.ciProfileIds);
        }

        String encode() {
            StringBuilder sb = new StringBuilder().append(profileId).append('@').append(placement.start()).append(':')
                    .append(placement.size()).append('/');
            for (int i = 0; i < ciProfileIds.size(); i++) {
                sb.append(i == 0 ? "" : "+").append(ciProfileIds.get(i));
            }
            return sb.toString();
        }
    }

    MigSnapshot {
        instances = instances.stream()
                .sorted((a, b) -> a.placement().compareTo(b.placement())).toList();
    }

    /** @return whether both hold the same instances, ignoring the driver's ids */
    boolean sameAs(MigSnapshot o) {
        if (instances.size() != o.instances.size()) {
            return false;
        }
        for (int i = 0; i < instances.size(); i++) {
            if (!instances.get(i).sameAs(o.instances.get(i))) {
                return false;
            }
        }
        return true;
    }

    String encode() {
        return String.join(";", instances.stream().map(GpuInstanceState::encode).toList());
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not a snapshot this class wrote
     */
    static MigSnapshot decode(String text) {
        List<GpuInstanceState> list = new ArrayList<>();
        if (!text.isBlank()) {
            for (String part : text.split(";")) {
                try {
                    int at = part.indexOf('@');
                    int colon = part.indexOf(':', at);
                    int slash = part.indexOf('/', colon);
                    int profileId = Integer.parseInt(part.substring(0, at));
                    int start = Integer.parseInt(part.substring(at + 1, colon));
                    int size = Integer.parseInt(part.substring(colon + 1, slash));
                    List<Integer> cis = new ArrayList<>();
                    String ciText = part.substring(slash + 1);
                    if (!ciText.isEmpty()) {
                        for (String c : ciText.split("\\+")) {
                            cis.add(Integer.parseInt(c));
                        }
                    }
                    list.add(new GpuInstanceState(-1, profileId, new MigPlacement(start, size), cis));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("MIG snapshot entry '" + part
                            + "' is not PROFILE_ID@START:SIZE/CI_PROFILE+…", e);
                }
            }
        }
        return new MigSnapshot(list);
    }

    String describe() {
        if (instances.isEmpty()) {
            return "no GPU instances";
        }
        return String.join(", ", instances.stream()
                .map(i -> "profile " + i.profileId() + " at " + i.placement()).toList());
    }
}
