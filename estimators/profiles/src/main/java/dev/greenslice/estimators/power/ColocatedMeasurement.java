package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One measured co-located set: models sharing one GPU at one SM clock, each on its own MIG instance, and the
 * average board power measured while they all ran. What {@link PowerEstimators#calibrated} fits to. Immutable.
 *
 * @param clockMhz      the SM clock shared by every instance, in MHz
 * @param placements    the models, each with its batch size and instance size (compute slices)
 * @param measuredWatts the average board power measured, in W
 * @param origin        where it comes from (e.g. {@code calibration.csv line 4}), for messages; may be empty
 */
public record ColocatedMeasurement(int clockMhz, List<ModelPlacement> placements, double measuredWatts,
                                   String origin) {

    /**
     * Checks the measurement.
     *
     * @param clockMhz      the SM clock, in MHz; positive
     * @param placements    the models; not empty
     * @param measuredWatts the average board power, in W; positive and finite
     * @param origin        where it comes from; may be empty, not null
     * @throws NullPointerException     for a null list, placement or origin
     * @throws IllegalArgumentException for a clock or power out of range or no placements, naming the value
     */
    public ColocatedMeasurement {
        Objects.requireNonNull(origin, "origin");
        placements = List.copyOf(placements);
        String where = origin.isEmpty() ? "" : origin + ": ";
        if (placements.isEmpty()) {
            throw new IllegalArgumentException(where + "a co-located set needs at least one model");
        }
        if (clockMhz <= 0) {
            throw new IllegalArgumentException(where + "SM clock must be positive, got " + clockMhz + " MHz");
        }
        if (!(measuredWatts > 0) || Double.isInfinite(measuredWatts)) {
            throw new IllegalArgumentException(where + "measured board power must be a positive number of watts, got "
                    + measuredWatts);
        }
    }

    /**
     * A measurement without a stated origin.
     *
     * @param clockMhz      the SM clock, in MHz
     * @param placements    the models
     * @param measuredWatts the average board power, in W
     */
    public ColocatedMeasurement(int clockMhz, List<ModelPlacement> placements, double measuredWatts) {
        this(clockMhz, placements, measuredWatts, "");
    }

    /** @return the set as written in a calibration file: {@code model:batch:slices;model:batch:slices} */
    public String setText() {
        StringBuilder sb = new StringBuilder();
        for (ModelPlacement p : placements) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    /**
     * A MIG layout of {@code geometry} with one base-profile instance per placement, of its compute slices,
     * in the order of the placements, if the placement table allows one.
     *
     * @param geometry   the GPU's MIG geometry
     * @param placements the models and their instance sizes
     * @return the instances, one per placement in order, or empty if no valid layout holds them all
     */
    public static Optional<List<MigInstance>> instancesFor(MigGeometry geometry, List<ModelPlacement> placements) {
        List<MigProfile> profiles = new ArrayList<>();
        for (ModelPlacement p : placements) {
            Optional<MigProfile> profile = geometry.baseProfile(p.slices());
            if (profile.isEmpty()) {
                return Optional.empty();
            }
            profiles.add(profile.get());
        }
        // Place the largest first: backtracking over each profile's placements, few enough to enumerate.
        Integer[] order = new Integer[profiles.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer i) -> -profiles.get(i).computeSlices()));
        MigInstance[] chosen = new MigInstance[profiles.size()];
        if (!place(geometry, profiles, order, 0, chosen)) {
            return Optional.empty();
        }
        return Optional.of(List.of(chosen));
    }

    private static boolean place(MigGeometry geometry, List<MigProfile> profiles, Integer[] order, int k,
                                 MigInstance[] chosen) {
        if (k == order.length) {
            return true;
        }
        MigProfile p = profiles.get(order[k]);
        for (MigPlacement pl : p.placements()) {
            MigInstance candidate = new MigInstance(p, pl);
            boolean free = true;
            for (int j = 0; j < k; j++) {
                free &= !chosen[order[j]].placement().overlaps(pl);
            }
            if (free) {
                chosen[order[k]] = candidate;
                List<MigInstance> sofar = new ArrayList<>();
                for (int j = 0; j <= k; j++) {
                    sofar.add(chosen[order[j]]);
                }
                if (new MigLayout(geometry, sofar).isValid() && place(geometry, profiles, order, k + 1, chosen)) {
                    return true;
                }
                chosen[order[k]] = null;
            }
        }
        return false;
    }
}
