package dev.greenslice.carbon.gpu.mig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A set of GPU instances on one GPU. A layout is <em>valid</em> iff every instance is one of the GPU's
 * profiles at one of that profile's allowed placements, no two instances share a memory slot, the
 * compute slices add up to at most the GPU's, and at most one instance holds the media extensions
 * ({@code +me}: the GPU has one set of JPEG/OFA engines, and NVIDIA's MIG user guide lists each
 * {@code +me} profile with one available instance). Construction through {@link #of} validates; the
 * record's own constructor does not, so that invalid layouts read back from a device can still be
 * described. Immutable and thread-safe.
 *
 * @param geometry  the GPU's MIG geometry
 * @param instances the instances, ordered by placement
 */
public record MigLayout(MigGeometry geometry, List<MigInstance> instances) {

    /** How many instances may hold the media extensions: the GPU has one set of JPEG/OFA engines. */
    static final int MAX_MEDIA_EXTENSION_INSTANCES = 1;

    /**
     * A layout, not validated (use {@link #of} for that); the instances are copied and sorted by placement.
     *
     * @param geometry  the GPU's MIG geometry
     * @param instances the instances, ordered by placement
     * @throws NullPointerException if the geometry or the instance list is null, or it holds a null
     */
    public MigLayout {
        Objects.requireNonNull(geometry, "geometry");
        instances = instances.stream().sorted().toList();
    }

    /**
     * A validated layout.
     *
     * @param geometry  the GPU's MIG geometry
     * @param instances the instances, in any order
     * @return the layout, its instances ordered by placement
     * @throws InvalidMigLayoutException naming every conflicting instance and slot
     */
    public static MigLayout of(MigGeometry geometry, List<MigInstance> instances) {
        MigLayout layout = new MigLayout(geometry, instances);
        List<String> problems = layout.problems();
        if (!problems.isEmpty()) {
            throw new InvalidMigLayoutException(geometry.gpu(), problems);
        }
        return layout;
    }

    /**
     * An empty layout (MIG enabled, no instances; or MIG disabled).
     *
     * @param geometry the GPU's MIG geometry
     * @return the layout
     */
    public static MigLayout empty(MigGeometry geometry) {
        return new MigLayout(geometry, List.of());
    }

    /**
     * Parses {@code "4g@0,3g@4"} or {@code "3g.40gb@0,1g.10gb@4"}: comma-separated {@code profile@start},
     * where profile is a full profile name or a compute size meaning the base profile.
     *
     * @param geometry the GPU's MIG geometry
     * @param text     the layout; blank for the empty layout
     * @return the validated layout
     * @throws IllegalArgumentException for text that is not of that form or names an unknown profile
     * @throws InvalidMigLayoutException for a well-formed but invalid layout
     */
    public static MigLayout parse(MigGeometry geometry, String text) {
        List<MigInstance> list = new ArrayList<>();
        if (!text.isBlank()) {
            // Before any other work: each instance takes at least one compute slice, so a longer list cannot
            // be valid, and checking it pair by pair would cost time and memory quadratic in its length.
            long entries = text.chars().filter(c -> c == ',').count() + 1;
            if (entries > geometry.computeSlices()) {
                throw new InvalidMigLayoutException(geometry.gpu(), List.of("the layout lists " + entries
                        + " instances; " + geometry.gpu() + " has " + geometry.computeSlices()
                        + " compute slices, so at most " + geometry.computeSlices() + " instances"));
            }
            for (String part : text.split(",")) {
                String p = part.trim();
                int at = p.lastIndexOf('@');
                if (at <= 0 || at == p.length() - 1) {
                    throw new IllegalArgumentException("MIG instance '" + quote(p)
                            + "' is not of the form PROFILE@START, e.g. 3g@4");
                }
                String slot = p.substring(at + 1);
                if (!slot.matches("\\d{1,2}")) {
                    throw new IllegalArgumentException("MIG instance '" + quote(p) + "': start slot '" + quote(slot)
                            + "' is not a memory slot number (0 to " + (geometry.memorySlots() - 1) + ")");
                }
                int start = Integer.parseInt(slot);
                list.add(MigInstance.of(geometry.resolve(p.substring(0, at)), start));
            }
        }
        return of(geometry, list);
    }

    /** A user's text as a message quotes it: short, on one line. */
    static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
        return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** @return every reason this layout is invalid, one sentence each naming instances and slots; empty if valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        int compute = 0;
        List<MigInstance> media = new ArrayList<>();
        for (MigInstance i : instances) {
            compute += i.computeSlices();
            if (i.profile().mediaExtensions()) {
                media.add(i);
            }
            if (!geometry.profiles().contains(i.profile())) {
                problems.add(i + ": profile " + i.profile().name() + " does not exist on " + geometry.gpu()
                        + " (profiles: " + geometry.profiles() + ")");
            } else if (!i.profile().allows(i.placement())) {
                problems.add(i + ": " + i.profile().name() + " cannot start at memory slot " + i.placement().start()
                        + " (allowed placements: " + placementsText(i.profile()) + ")");
            }
            if (i.placement().end() > geometry.memorySlots()) {
                problems.add(i + ": slots " + slots(i.placement()) + " run past the GPU's " + geometry.memorySlots()
                        + " memory slots");
            }
        }
        for (int a = 0; a < instances.size(); a++) {
            for (int b = a + 1; b < instances.size(); b++) {
                MigInstance x = instances.get(a);
                MigInstance y = instances.get(b);
                if (x.placement().overlaps(y.placement())) {
                    int from = Math.max(x.placement().start(), y.placement().start());
                    int to = Math.min(x.placement().end(), y.placement().end());
                    problems.add(x + " and " + y + " overlap on memory slot"
                            + (to - from > 1 ? "s " + from + "-" + (to - 1) : " " + from));
                }
            }
        }
        if (compute > geometry.computeSlices()) {
            problems.add("instances " + this + " use " + compute + " compute slices; " + geometry.gpu() + " has "
                    + geometry.computeSlices());
        }
        if (media.size() > MAX_MEDIA_EXTENSION_INSTANCES) {
            problems.add("instances " + String.join(" and ", media.stream().map(MigInstance::toString).toList())
                    + " both hold the media extensions (+me); " + geometry.gpu() + " has one set of media engines");
        }
        return problems;
    }

    /** @return whether the layout is valid */
    public boolean isValid() {
        return problems().isEmpty();
    }

    /** @return compute slices used by all instances */
    public int computeSlicesUsed() {
        return instances.stream().mapToInt(MigInstance::computeSlices).sum();
    }

    /**
     * Whether {@code candidate} fits beside this layout's instances: it is one of the geometry's profiles
     * at an allowed placement, overlaps no instance, stays within the compute slices and, if it is a
     * {@code +me} profile, no other instance holds the media extensions. Assumes this layout is valid.
     *
     * @param candidate the instance to add
     * @return true if {@code with(candidate)} would be valid
     */
    public boolean canAdd(MigInstance candidate) {
        if (!geometry.profiles().contains(candidate.profile())
                || !candidate.profile().allows(candidate.placement())
                || candidate.placement().end() > geometry.memorySlots()
                || computeSlicesUsed() + candidate.computeSlices() > geometry.computeSlices()) {
            return false;
        }
        for (MigInstance i : instances) {
            if (i.placement().overlaps(candidate.placement())) {
                return false;
            }
            if (candidate.profile().mediaExtensions() && i.profile().mediaExtensions()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this layout can be reached from {@code other} by destroying instances only.
     *
     * @param other another layout on the same GPU
     * @return whether every instance of this layout is also in {@code other} (same profile, same placement)
     */
    public boolean isSubsetOf(MigLayout other) {
        return other.instances.containsAll(instances);
    }

    /**
     * This layout plus one instance.
     *
     * @param instance the instance to add
     * @return a new layout with {@code instance} added (not validated; see {@link #canAdd})
     */
    public MigLayout with(MigInstance instance) {
        List<MigInstance> list = new ArrayList<>(instances);
        list.add(instance);
        return new MigLayout(geometry, list);
    }

    private static String placementsText(MigProfile profile) {
        if (profile.placements().isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder("{");
        for (MigPlacement p : profile.placements()) {
            b.append(b.length() > 1 ? "," : "").append(p.start());
        }
        return b.append("}:").append(profile.memorySlices()).toString();
    }

    private static String slots(MigPlacement p) {
        return p.size() == 1 ? String.valueOf(p.start()) : p.start() + "-" + (p.end() - 1);
    }

    /** @return the layout as {@code parse} reads it, e.g. {@code "4g.40gb@0,3g.40gb@4"} */
    @Override
    public String toString() {
        return String.join(",", instances.stream().map(MigInstance::toString).toList());
    }
}
