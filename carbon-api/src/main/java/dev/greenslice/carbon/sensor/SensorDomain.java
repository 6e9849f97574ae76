package dev.greenslice.carbon.sensor;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing a sensor measures: a device or a part of one, such as {@code gpu:0}, {@code gpu:0/mig:3},
 * {@code cpu:package-0}, {@code cpu:package-0/core}, {@code dram:0} or {@code psys}.
 *
 * <p>Domains may nest: a domain whose energy is already included in another names it as its
 * {@code parent}, and totals only add domains without a parent, so that nested counters (psys ⊇ package
 * ⊇ core) are never counted twice. Immutable.
 *
 * @param id            the domain's identifier: lowercase {@code kind[:name]} segments joined by {@code /}
 * @param kind          what its readings are
 * @param parent        the id of the domain whose energy already includes this one's, or empty for a root
 * @param resourceShare the fraction of the parent's hardware reserved for this domain, in (0, 1]: for a
 *                      MIG instance its compute slices / 7, used for resource-share embodied attribution;
 *                      1 for whole devices and for energy sub-domains such as a package's cores
 * @param description   a human-readable description, e.g. the device name or the sysfs path
 */
public record SensorDomain(String id, ReadingKind kind, String parent, double resourceShare, String description) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)?(/[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)?)*");

    /**
     * A domain; prefer {@link #root} and {@link #within}.
     *
     * @param id            the domain's identifier: lowercase {@code kind[:name]} segments joined by {@code /}
     * @param kind          what its readings are
     * @param parent        the id of the domain whose energy already includes this one's, or empty for a root
     * @param resourceShare the fraction of the parent's hardware reserved for this domain, in (0, 1]: for a MIG
     *                      instance its compute slices / 7, used for resource-share embodied attribution; 1 for whole
     *                      devices and for energy sub-domains such as a package's cores
     * @param description   a human-readable description, e.g. the device name or the sysfs path
     * @throws NullPointerException if the id, kind, parent or description is null (use {@code ""} for no parent)
     * @throws IllegalArgumentException for an id not of the form {@code kind[:name][/kind[:name]...]}, a domain that
     *                                  is its own parent, or a resource share outside (0, 1]
     */
    public SensorDomain {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent (use \"\" for a root domain)");
        Objects.requireNonNull(description, "description");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Domain id '" + id
                    + "' is not of the form kind[:name][/kind[:name]...], e.g. gpu:0, gpu:0/mig:3, cpu:package-0, psys");
        }
        if (id.equals(parent)) {
            throw new IllegalArgumentException("Domain '" + id + "' cannot be its own parent");
        }
        if (!(resourceShare > 0 && resourceShare <= 1)) {
            throw new IllegalArgumentException("Domain '" + id + "': resourceShare must be in (0, 1], got " + resourceShare);
        }
    }

    /**
     * A top-level domain whose energy no other domain includes; its resource share is 1.
     *
     * @param id          e.g. {@code "gpu:0"} or {@code "cpu:package-0"}
     * @param kind        what its readings are
     * @param description e.g. the device name or the sysfs path, for reports
     * @return the domain
     * @throws IllegalArgumentException for an id not of the form {@code kind[:name][/kind[:name]...]}
     */
    public static SensorDomain root(String id, ReadingKind kind, String description) {
        return new SensorDomain(id, kind, "", 1.0, description);
    }

    /**
     * A domain whose energy is already included in {@code parent}'s, e.g. a package's cores; its resource share is
     * 1.
     *
     * @param id          e.g. {@code "cpu:package-0/core"}
     * @param parent      the id of the domain that includes it
     * @param kind        what its readings are
     * @param description e.g. the sysfs path, for reports
     * @return the domain
     * @throws IllegalArgumentException for a malformed id or a domain that is its own parent
     */
    public static SensorDomain within(String id, String parent, ReadingKind kind, String description) {
        return new SensorDomain(id, kind, parent, 1.0, description);
    }

    /** @return the enclosing domain's id, if this domain is nested */
    public Optional<String> parentId() {
        return parent.isEmpty() ? Optional.empty() : Optional.of(parent);
    }

    /** @return true if no other domain includes this one's energy */
    public boolean isRoot() {
        return parent.isEmpty();
    }
}
