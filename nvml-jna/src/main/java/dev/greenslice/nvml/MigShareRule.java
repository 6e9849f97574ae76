package dev.greenslice.nvml;

import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerEstimator;

import java.util.List;

/**
 * How a board's energy is split among its MIG instances, since NVML reports board power only. Each rule gives
 * every instance a share in [0, 1]; the shares sum to at most 1 (energy of unallocated slices stays with the board).
 */
interface MigShareRule {

    /**
     * @param clockMhz the board's SM clock now, for rules that depend on it; -1 if the rule said it needs none
     * @return one share per instance, in the order the rule was built with
     * @throws RuntimeException with the reason when no share can be given now
     */
    double[] shares(int clockMhz);

    /** @return whether {@link #shares} needs the current SM clock */
    boolean needsClock();

    /** @return the rule for instance {@code i} as a report states it */
    String describe(int i);

    /** The default: each instance's compute slices over the GPU's. */
    final class SliceShare implements MigShareRule {
        private final double[] shares;
        private final int[] slices;
        private final int total;
        private final boolean totalAssumed;

        SliceShare(int[] slices, int total, boolean totalAssumed) {
            this.slices = slices.clone();
            this.total = total;
            this.totalAssumed = totalAssumed;
            this.shares = new double[slices.length];
            for (int i = 0; i < slices.length; i++) {
                shares[i] = (double) slices[i] / total;
            }
        }

        @Override
        public double[] shares(int clockMhz) {
            return shares;
        }

        @Override
        public boolean needsClock() {
            return false;
        }

        @Override
        public String describe(int i) {
            return "board energy x " + slices[i] + "/" + total + " (share of compute slices"
                    + (totalAssumed ? "; 7 slices per GPU assumed, the profile query was refused" : "") + ")";
        }
    }

    /** The share a {@link PowerEstimator} attributes to each instance's model at the board's current SM clock. */
    final class EstimatorShare implements MigShareRule {
        private final PowerEstimator estimator;
        private final List<ModelPlacement> placements;
        private int cachedClock = Integer.MIN_VALUE;
        private double[] cached;

        EstimatorShare(PowerEstimator estimator, List<ModelPlacement> placements) {
            this.estimator = estimator;
            this.placements = List.copyOf(placements);
        }

        @Override
        public double[] shares(int clockMhz) {
            if (clockMhz == cachedClock && cached != null) {
                return cached;
            }
            PowerEstimate e = estimator.estimate(clockMhz, placements);
            double[] s = new double[placements.size()];
            for (int i = 0; i < s.length; i++) {
                double v = e.shareOf(i);
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalStateException("power estimator '" + estimator.method() + "' gave share " + v
                            + " to " + placements.get(i) + " at " + clockMhz + " MHz; shares must be in [0, 1]");
                }
                s[i] = v;
            }
            cached = s;
            cachedClock = clockMhz;
            return s;
        }

        @Override
        public boolean needsClock() {
            return true;
        }

        @Override
        public String describe(int i) {
            return "board energy x the share the '" + estimator.method() + "' power estimator attributes to "
                    + placements.get(i) + " at the board's current SM clock";
        }
    }
}
