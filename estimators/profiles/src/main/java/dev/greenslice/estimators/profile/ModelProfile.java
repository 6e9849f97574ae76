package dev.greenslice.estimators.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The power profile of one model: per (batch size, MIG slices, SM clock) its dynamic power, batch
 * latency and throughput when it runs alone on its instance, plus the memory it needs.
 *
 * <p>Profiles are measured (loaded from CSV by {@link ProfileCsv}, or recorded by a profiling run), or
 * predicted from a few measured points ({@code dev.greenslice.estimators.reduction}). A profile need not
 * cover a full grid: lookups of a missing cell fail with a message listing what the profile has.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelProfile {

    private final String model;
    private final NavigableMap<ProfileKey, ProfilePoint> points;
    private final OptionalDouble memoryNeedGb;
    private final boolean memoryNeedInferred;
    private final String provenance;
    /* The points in key order, built once: the profile is immutable, and planners ask for them often. */
    private final List<ProfilePoint> pointList;
    /* The point of each (batch, slices, clock) without a TreeMap walk: planners look cells up millions of times. */
    private final Map<Long, ProfilePoint> byCell;
    /** The points of each (batch size, clock), in the map's order (by slices ascending). */
    private final Map<Long, List<ProfilePoint>> byBatchAndClock;
    /* Per batch size, the point on the largest instance at the highest clock (see largestFastest). */
    private final Map<Integer, ProfilePoint> largestFastest;

    private ModelProfile(String model, NavigableMap<ProfileKey, ProfilePoint> points, OptionalDouble memoryNeedGb,
                         boolean memoryNeedInferred, String provenance) {
        this.model = model;
        this.points = Collections.unmodifiableNavigableMap(points);
        this.memoryNeedGb = memoryNeedGb;
        this.memoryNeedInferred = memoryNeedInferred && memoryNeedGb.isPresent();
        this.provenance = provenance;
        this.pointList = List.copyOf(points.values());
        Map<Long, ProfilePoint> cells = new HashMap<>();
        for (ProfilePoint p : pointList) {
            cells.put(cell(p.batchSize(), p.slices(), p.clockMhz()), p);
        }
        this.byCell = cells;
        // acrossSlices is asked for every (placement, clock) a power estimator decomposes: an index, not a scan.
        Map<Long, List<ProfilePoint>> across = new HashMap<>();
        for (ProfilePoint p : pointList) {
            across.computeIfAbsent(cell(p.batchSize(), 0, p.clockMhz()), k -> new ArrayList<>()).add(p);
        }
        this.byBatchAndClock = across;
        Map<Integer, ProfilePoint> ref = new HashMap<>();
        for (ProfilePoint p : pointList) {
            ProfilePoint best = ref.get(p.batchSize());
            if (best == null || p.slices() > best.slices()
                    || (p.slices() == best.slices() && p.clockMhz() > best.clockMhz())) {
                ref.put(p.batchSize(), p);
            }
        }
        this.largestFastest = ref;
    }

    private static long cell(int batchSize, int slices, int clockMhz) {
        return ((long) batchSize << 40) ^ ((long) slices << 20) ^ clockMhz;
    }

    /**
     * A profile from points; at most one point per grid cell.
     *
     * @param model      the model's name, as placements name it
     * @param points     the points; not empty
     * @param provenance where the points come from, for reports
     * @return the profile, without a memory need
     * @throws IllegalArgumentException for a blank name, no points, or two points in one cell
     */
    public static ModelProfile of(String model, Collection<ProfilePoint> points, String provenance) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provenance, "provenance");
        if (model.isBlank()) {
            throw new IllegalArgumentException("A profile needs a model name");
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("Profile of " + model + " has no points");
        }
        NavigableMap<ProfileKey, ProfilePoint> map = new TreeMap<>();
        for (ProfilePoint p : points) {
            if (map.put(p.key(), p) != null) {
                throw new IllegalArgumentException("Profile of " + model + " has two points for " + p.key());
            }
        }
        return new ModelProfile(model, map, OptionalDouble.empty(), false, provenance);
    }

    /**
     * This profile with the model's memory need set.
     *
     * @param gigabytes memory the model needs on its instance, in GB; positive
     * @return a copy of this profile with that memory need
     * @throws IllegalArgumentException for a zero, negative, NaN or infinite amount, naming it
     */
    public ModelProfile withMemoryNeedGb(double gigabytes) {
        if (!(gigabytes > 0) || Double.isInfinite(gigabytes)) {
            throw new IllegalArgumentException("Memory need of " + model + " must be a positive number of GB, got "
                    + gigabytes);
        }
        return new ModelProfile(model, new TreeMap<>(points), OptionalDouble.of(gigabytes), false, provenance);
    }

    /**
     * This profile with its memory need inferred, if it has none: the memory of the smallest MIG instance
     * it was measured on (the base profile of {@code geometry} with that many compute slices, or the
     * smallest with more), an upper bound known to work, labelled as inferred
     * ({@link #isMemoryNeedInferred()}). The one rule for profiles from a file and the embedded ones.
     *
     * @param geometry the MIG table of the GPU the profile was measured on
     * @return this profile if it has a memory need or no instance size maps to a profile; else a copy
     *         with the inferred need
     */
    public ModelProfile withMemoryNeedInferredFrom(dev.greenslice.carbon.gpu.mig.MigGeometry geometry) {
        if (memoryNeedGb.isPresent()) {
            return this;
        }
        int smallest = slices().first();
        for (var p : geometry.baseProfiles()) {
            if (p.computeSlices() >= smallest) {
                return new ModelProfile(model, new TreeMap<>(points), OptionalDouble.of(p.memoryGb()), true,
                        provenance);
            }
        }
        return this;
    }

    /**
     * @return whether {@link #memoryNeedGb()} was inferred from the smallest MIG instance measured rather
     *         than given (a {@code memory_gb} column or a setting)
     */
    public boolean isMemoryNeedInferred() {
        return memoryNeedInferred;
    }

    /** @return the model's name */
    public String model() {
        return model;
    }

    /** @return where the points come from */
    public String provenance() {
        return provenance;
    }

    /** @return the memory the model needs on its instance, in GB, if known */
    public OptionalDouble memoryNeedGb() {
        return memoryNeedGb;
    }

    /** @return every point, ordered by key */
    public List<ProfilePoint> points() {
        return pointList;
    }

    /** @return the number of points */
    public int size() {
        return points.size();
    }

    /**
     * The point in one grid cell.
     *
     * @param key the grid cell
     * @return the point in {@code key}'s cell, if the profile has it
     */
    public Optional<ProfilePoint> point(ProfileKey key) {
        return Optional.ofNullable(points.get(key));
    }

    /**
     * The point in one grid cell, given by its coordinates.
     *
     * @param batchSize requests per batch
     * @param slices    MIG compute slices of the instance
     * @param clockMhz  SM clock in MHz
     * @return the point for (batch, slices, clock), if the profile has it
     */
    public Optional<ProfilePoint> point(int batchSize, int slices, int clockMhz) {
        return Optional.ofNullable(byCell.get(cell(batchSize, slices, clockMhz)));
    }

    /**
     * The point for (batch, slices, clock).
     *
     * @param batchSize requests per batch
     * @param slices    MIG compute slices of the instance
     * @param clockMhz  SM clock in MHz
     * @return the point in that cell
     * @throws IllegalArgumentException naming the model and the cell, and listing the batch sizes, slices
     *                                  and clocks the profile has
     */
    public ProfilePoint require(int batchSize, int slices, int clockMhz) {
        ProfilePoint p = byCell.get(cell(batchSize, slices, clockMhz));
        if (p == null) {
            ProfileKey key = new ProfileKey(batchSize, slices, clockMhz);
            throw new IllegalArgumentException("Profile of " + model + " has no point for " + key
                    + "; it has batch sizes " + batchSizes() + ", slices " + slices() + ", clocks " + clocksMhz()
                    + " MHz" + (size() < batchSizes().size() * slices().size() * clocksMhz().size()
                    ? " (not every combination)" : "")
                    + ". Measure that cell or predict it (profile predict).");
        }
        return p;
    }

    /**
     * The point of the largest instance the profile has at {@code batchSize}, at the highest clock it has there:
     * the reference configuration of a workload at that batch size (its isolated latency and peak throughput).
     *
     * @param batchSize requests per batch
     * @return the point, or empty if the profile has no point at {@code batchSize}
     */
    public Optional<ProfilePoint> largestFastest(int batchSize) {
        return Optional.ofNullable(largestFastest.get(batchSize));
    }

    /** @return the batch sizes present, ascending */
    public SortedSet<Integer> batchSizes() {
        TreeSet<Integer> s = new TreeSet<>();
        points.keySet().forEach(k -> s.add(k.batchSize()));
        return Collections.unmodifiableSortedSet(s);
    }

    /** @return the instance sizes present (compute slices), ascending */
    public SortedSet<Integer> slices() {
        TreeSet<Integer> s = new TreeSet<>();
        points.keySet().forEach(k -> s.add(k.slices()));
        return Collections.unmodifiableSortedSet(s);
    }

    /** @return the SM clocks present, in MHz, ascending */
    public SortedSet<Integer> clocksMhz() {
        TreeSet<Integer> s = new TreeSet<>();
        points.keySet().forEach(k -> s.add(k.clockMhz()));
        return Collections.unmodifiableSortedSet(s);
    }

    /**
     * The points of one batch size and clock across instance sizes.
     *
     * @param batchSize requests per batch
     * @param clockMhz  SM clock in MHz
     * @return the points at one batch size and clock, by slices ascending; empty if there are none
     */
    public List<ProfilePoint> acrossSlices(int batchSize, int clockMhz) {
        return new ArrayList<>(byBatchAndClock.getOrDefault(cell(batchSize, 0, clockMhz), List.of()));
    }

    /**
     * This profile with another's points laid over it, e.g. measured points over predicted ones.
     *
     * @param other      a profile of the same model
     * @param provenance where the combined points come from
     * @return a profile with the points of this one and {@code other}; {@code other} wins where both have a cell
     * @throws IllegalArgumentException if {@code other} is of another model
     */
    public ModelProfile overlaidWith(ModelProfile other, String provenance) {
        if (!other.model.equals(model)) {
            throw new IllegalArgumentException("Cannot overlay the profile of " + other.model + " on " + model);
        }
        NavigableMap<ProfileKey, ProfilePoint> map = new TreeMap<>(points);
        map.putAll(other.points);
        return memoryNeedGb.isPresent() || other.memoryNeedGb.isEmpty()
                ? new ModelProfile(model, map, memoryNeedGb, memoryNeedInferred, provenance)
                : new ModelProfile(model, map, other.memoryNeedGb, other.memoryNeedInferred, provenance);
    }

    @Override
    public String toString() {
        return "ModelProfile[" + model + ", " + size() + " points, " + provenance + "]";
    }
}
