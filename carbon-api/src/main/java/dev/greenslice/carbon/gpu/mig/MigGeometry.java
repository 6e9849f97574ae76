package dev.greenslice.carbon.gpu.mig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MIG geometry of a GPU product: how many compute slices and memory slots it has, and its profiles
 * with their allowed placements (the device's real placement table). Immutable.
 *
 * @param gpu           the GPU product id, for messages
 * @param computeSlices compute slices of the whole GPU (7 on A100/H100, 4 on A30)
 * @param memorySlots   memory slots placements are counted in (8 on A100/H100, 4 on A30)
 * @param profiles      every GPU-instance profile the product offers
 */
public record MigGeometry(String gpu, int computeSlices, int memorySlots, List<MigProfile> profiles) {

    /**
     * A geometry as given; the profiles are copied.
     *
     * @param gpu           the GPU product id, for messages
     * @param computeSlices compute slices of the whole GPU (7 on A100/H100, 4 on A30)
     * @param memorySlots   memory slots placements are counted in (8 on A100/H100, 4 on A30)
     * @param profiles      every GPU-instance profile the product offers
     * @throws NullPointerException if the GPU or the profile list is null, or it holds a null
     * @throws IllegalArgumentException for non-positive slices or slots, or a placement past the memory slots, naming
     *                                  the GPU and profile
     */
    public MigGeometry {
        Objects.requireNonNull(gpu, "gpu");
        profiles = List.copyOf(profiles);
        if (computeSlices < 1 || memorySlots < 1) {
            throw new IllegalArgumentException("MIG geometry of " + gpu + " needs positive slices and slots");
        }
        for (MigProfile p : profiles) {
            for (MigPlacement pl : p.placements()) {
                if (pl.end() > memorySlots) {
                    throw new IllegalArgumentException("MIG profile " + p.name() + " of " + gpu + ": placement " + pl
                            + " runs past the " + memorySlots + " memory slots");
                }
            }
        }
    }

    /**
     * The profile with this exact name.
     *
     * @param name a full profile name, e.g. {@code "3g.40gb"}
     * @return the profile, if the product offers it
     */
    public Optional<MigProfile> profile(String name) {
        for (MigProfile p : profiles) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The profile with this NVML profile id.
     *
     * @param nvmlProfileId the id NVML reports ({@code nvmlGpuInstanceProfileInfo_t.id}), not the profile index
     * @return the profile, if the product offers it
     */
    public Optional<MigProfile> profileById(int nvmlProfileId) {
        for (MigProfile p : profiles) {
            if (p.nvmlProfileId() == nvmlProfileId) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The base profile for a compute size: the one with that many compute slices, no media extensions and
     * the smallest memory (so {@code 1g} is {@code 1g.10gb}, not {@code 1g.20gb}, on an A100 80GB).
     *
     * @param computeSlices the compute size, e.g. 3 for {@code 3g}
     * @return the profile, or empty if no profile has that many compute slices
     */
    public Optional<MigProfile> baseProfile(int computeSlices) {
        MigProfile best = null;
        for (MigProfile p : profiles) {
            if (p.computeSlices() == computeSlices && !p.mediaExtensions()
                    && (best == null || p.memorySlices() < best.memorySlices())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the base profiles (one per compute size), smallest first */
    public List<MigProfile> baseProfiles() {
        return profiles.stream()
                .map(MigProfile::computeSlices).distinct().sorted()
                .map(c -> baseProfile(c).orElseThrow())
                .toList();
    }

    /**
     * Resolves a profile from a full name ({@code "3g.40gb"}) or a compute size ({@code "3g"}, meaning the
     * base profile).
     *
     * @param nameOrSize the name or size, e.g. from a command line
     * @return the profile
     * @throws IllegalArgumentException naming the known profiles when nothing matches
     */
    public MigProfile resolve(String nameOrSize) {
        Optional<MigProfile> exact = profile(nameOrSize);
        if (exact.isPresent()) {
            return exact.get();
        }
        // At most 3 digits: a larger size is no profile, and parseInt would overflow on a long one.
        if (nameOrSize.matches("\\d{1,3}g")) {
            Optional<MigProfile> base = baseProfile(Integer.parseInt(nameOrSize.substring(0, nameOrSize.length() - 1)));
            if (base.isPresent()) {
                return base.get();
            }
        }
        throw new IllegalArgumentException("No MIG profile '" + MigLayout.quote(nameOrSize) + "' on " + gpu + "; known: "
                + profiles.stream().map(MigProfile::name).toList());
    }
}
