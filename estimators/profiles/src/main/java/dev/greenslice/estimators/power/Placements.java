package dev.greenslice.estimators.power;

import dev.greenslice.carbon.estimate.ModelPlacement;

import java.util.List;

/** Checks shared by the estimators. */
final class Placements {

    private Placements() {
    }

    static void check(List<ModelPlacement> models, int gpuSlices) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("Give at least one model to estimate (NAME:BATCH:SLICES)");
        }
        int used = 0;
        for (ModelPlacement m : models) {
            used += m.slices();
        }
        if (used > gpuSlices) {
            throw new IllegalArgumentException("The models use " + used + " compute slices " + models
                    + "; the GPU has " + gpuSlices);
        }
    }

    /**
     * Shapley values of the maximum: player {@code i}'s fair share of {@code max(values)}, so that the
     * shares add up to the maximum and equal values get equal shares.
     */
    static double[] shapleyOfMax(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] share = new double[n];
        double acc = 0;
        double prev = 0;
        for (int r = 0; r < n; r++) {
            // The increment from the r-th smallest to the next is shared by everyone at or above it.
            acc += (values[order[r]] - prev) / (n - r);
            prev = values[order[r]];
            share[order[r]] = acc;
        }
        return share;
    }
}
