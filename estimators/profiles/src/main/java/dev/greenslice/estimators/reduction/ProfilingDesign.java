package dev.greenslice.estimators.reduction;

import dev.greenslice.estimators.profile.ProfileKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Chooses which cells of a profiling grid to measure when only a share of it can be: a deterministic
 * space-filling design, not a random draw.
 *
 * <p><b>The design.</b> Cells are placed in a unit cube by {@code log2(batch)}, slices and clock, each axis
 * scaled to [0, 1] over the candidates. The two opposite corners come first — smallest batch on the
 * smallest instance at the lowest clock, and largest batch on the largest instance at the highest clock —
 * because they pin the extremes the model must not extrapolate past. Each further cell is the candidate
 * farthest from every cell already chosen (greedy maximin distance; ties go to the smallest key), so the
 * measured cells spread evenly along every axis and over their combinations. That is what the fitted model
 * needs: the slice and memory terms separate only if several instance sizes are measured, the clock term and
 * the voltage knee only if low, middle and high clocks are, and the per-batch work only if every batch size
 * gets points. Because the order is greedy, the first {@code n} cells of a larger design are the design for
 * {@code n}: profiling can stop at any point.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProfilingDesign {

    private ProfilingDesign() {
    }

    /**
     * @param grid  the grid to choose from
     * @param share the share of its cells to measure, in (0, 1]; at least {@link ProfileReduction#MINIMUM_POINTS} cells
     * @return the cells to measure, in the order to measure them
     */
    public static List<ProfileKey> select(ProfileGrid grid, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("Share of the grid to measure must be in (0, 1], got " + share);
        }
        int n = Math.max(ProfileReduction.MINIMUM_POINTS, (int) Math.round(share * grid.size()));
        return select(grid.keys(), Math.min(n, grid.size()));
    }

    /**
     * @param candidates the cells that can be measured (e.g. those the device supports); distinct
     * @param count      how many to choose, {@code 1 <= count <= candidates}
     * @return {@code count} cells, in the order to measure them
     */
    public static List<ProfileKey> select(Collection<ProfileKey> candidates, int count) {
        List<ProfileKey> cells = new ArrayList<>(new TreeSet<>(candidates));
        if (count < 1 || count > cells.size()) {
            throw new IllegalArgumentException("Cannot choose " + count + " of " + cells.size() + " candidate cells");
        }
        int n = cells.size();
        double[][] z = new double[n][3];
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            ProfileKey k = cells.get(i);
            z[i][0] = Math.log(k.batchSize()) / Math.log(2);
            z[i][1] = k.slices();
            z[i][2] = k.clockMhz();
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], z[i][d]);
                hi[d] = Math.max(hi[d], z[i][d]);
            }
        }
        for (double[] row : z) {
            for (int d = 0; d < 3; d++) {
                row[d] = hi[d] > lo[d] ? (row[d] - lo[d]) / (hi[d] - lo[d]) : 0.0;
            }
        }
        List<ProfileKey> chosen = new ArrayList<>(count);
        boolean[] taken = new boolean[n];
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.MAX_VALUE);
        int first = corner(z, taken, 0.0);
        take(first, z, taken, nearest, chosen, cells);
        if (count > 1) {
            take(corner(z, taken, 1.0), z, taken, nearest, chosen, cells);
        }
        while (chosen.size() < count) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || nearest[i] > nearest[best] + 1e-12)) {
                    best = i;
                }
            }
            take(best, z, taken, nearest, chosen, cells);
        }
        return chosen;
    }

    /** The free cell closest to the corner where every coordinate equals {@code at}. */
    private static int corner(double[][] z, boolean[] taken, double at) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < z.length; i++) {
            if (taken[i]) {
                continue;
            }
            double d = 0;
            for (int k = 0; k < 3; k++) {
                d += (z[i][k] - at) * (z[i][k] - at);
            }
            if (d < bestD - 1e-12) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static void take(int i, double[][] z, boolean[] taken, double[] nearest, List<ProfileKey> chosen,
                             List<ProfileKey> cells) {
        taken[i] = true;
        chosen.add(cells.get(i));
        for (int j = 0; j < z.length; j++) {
            double d = 0;
            for (int k = 0; k < 3; k++) {
                d += (z[j][k] - z[i][k]) * (z[j][k] - z[i][k]);
            }
            nearest[j] = Math.min(nearest[j], Math.sqrt(d));
        }
    }
}
