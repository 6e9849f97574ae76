package dev.greenslice.estimators.reduction;

import java.util.Arrays;

/**
 * The physically shaped model of a model's time per batch (its latency, or the interval between batches at
 * peak load) over batch size b, compute slices s and SM clock f:
 *
 * <pre>
 *   T(b, s, f) = W_b · (1/s + 1/(κ·b^ν)) / f  +  m·(b + b_m) / mem(s)  +  k·(b + b_k)
 *   time(b, s, f) = (T^n + F^n)^(1/n)                                   n = 8
 * </pre>
 *
 * <ul>
 *   <li>{@code W_b/(s f)}: compute that spreads over the instance's SMs and scales with the clock; {@code W_b}
 *       is free per batch size (batch efficiency), tied to its neighbours by a smoothness penalty on
 *       {@code log W} against {@code log2 b};</li>
 *   <li>{@code W_b/(κ b^ν f)}: the same work's critical path — a small batch cannot fill many SMs, so the
 *       speed-up from slices saturates (harmonic combination of s and the batch's parallel width
 *       {@code κ b^ν});</li>
 *   <li>{@code m (b + b_m)/mem(s)}: a memory-bound share that does not scale with the SM clock but with the
 *       instance's memory slots (1, 2, 4, 4, 8 for 1g, 2g, 3g, 4g, 7g on A100/H100);</li>
 *   <li>{@code k (b + b_k)}: host-side time that neither slices nor clock change;</li>
 *   <li>{@code F}: a floor the time cannot go below (a host- or launch-bound pipeline), as a smooth
 *       maximum.</li>
 * </ul>
 *
 * <p>Fitted in log space (relative errors) by Levenberg–Marquardt with weak priors that keep
 * under-determined terms near a balanced split of the observed times, so that a handful of points still
 * gives a sensible curve. Not thread-safe while fitting; immutable after.
 */
final class ServiceTimeShape {

    static final double NU_MIN = 0.3;
    static final double NU_MAX = 3.0;

    private final double[] batches;
    private final double[] log2Batches;
    private double[] params;
    private final ShapeConstants constants;

    /**
     * @param batchLevels every batch size the fit must cover, ascending, distinct
     * @param constants   the shape's chosen constants
     */
    ServiceTimeShape(double[] batchLevels, ShapeConstants constants) {
        this.constants = constants;
        this.batches = batchLevels.clone();
        this.log2Batches = new double[batches.length];
        for (int i = 0; i < batches.length; i++) {
            log2Batches[i] = Math.log(batches[i]) / Math.log(2);
        }
    }

    /** Memory slots of the instance with {@code slices} compute slices on an 8-slot GPU (A100/H100 class). */
    static double memorySlots(int slices) {
        return switch (slices) {
            case 3 -> 4;
            case 7 -> 8;
            default -> slices;
        };
    }

    private int nb() {
        return batches.length;
    }

    /** log W at batch size b: the fitted level, or log-log interpolation/extrapolation between levels. */
    private double logW(double[] th, double b) {
        int n = nb();
        double lb = Math.log(b) / Math.log(2);
        int idx = Arrays.binarySearch(batches, b);
        if (idx >= 0) {
            return th[idx];
        }
        if (n == 1) {
            return th[0] + Math.log(b / batches[0]); // work proportional to the batch
        }
        int hi = -idx - 1;
        int lo;
        if (hi <= 0) {
            lo = 0;
            hi = 1;
        } else if (hi >= n) {
            hi = n - 1;
            lo = n - 2;
        } else {
            lo = hi - 1;
        }
        double t = (lb - log2Batches[lo]) / (log2Batches[hi] - log2Batches[lo]);
        return th[lo] + t * (th[hi] - th[lo]);
    }

    static double sigmoid(double x, double lo, double hi) {
        return lo + (hi - lo) / (1 + Math.exp(-x));
    }

    double predict(double[] th, double b, int s, double fGhz) {
        int n = nb();
        double w = Math.exp(logW(th, b));
        double m = Math.exp(th[n]);
        double bm = Math.exp(th[n + 1]);
        double k = Math.exp(th[n + 2]);
        double bk = Math.exp(th[n + 3]);
        double kappa = Math.exp(th[n + 4]);
        double nu = sigmoid(th[n + 5], NU_MIN, NU_MAX);
        double floor = Math.exp(th[n + 6]);
        double t = w * (1.0 / s + 1.0 / (kappa * Math.pow(b, nu))) / fGhz
                + m * (b + bm) / memorySlots(s) + k * (b + bk);
        // Smooth maximum, computed relative to the larger term to stay finite.
        double big = Math.max(t, floor);
        double sharp = constants.latencySharpness();
        return big * Math.pow(Math.pow(t / big, sharp) + Math.pow(floor / big, sharp), 1.0 / sharp);
    }

    /** @return the fitted time (ms) at (b, s, f) */
    double predict(int b, int s, int clockMhz) {
        if (params == null) {
            throw new IllegalStateException("not fitted");
        }
        return predict(params, b, s, clockMhz / 1000.0);
    }

    /**
     * Fits the shape to observed times.
     *
     * @param b      batch sizes of the observations
     * @param s      slices
     * @param clock  clocks in MHz
     * @param timeMs observed times in ms, positive
     */
    ServiceTimeShape fit(int[] b, int[] s, int[] clock, double[] timeMs) {
        int rows = timeMs.length;
        int n = nb();
        double[] perWork = new double[rows];
        double[] perMem = new double[rows];
        double[] perHost = new double[rows];
        double min = Double.MAX_VALUE;
        for (int i = 0; i < rows; i++) {
            perWork[i] = timeMs[i] * s[i] * (clock[i] / 1000.0) / b[i];
            perMem[i] = timeMs[i] * memorySlots(s[i]) / (b[i] + 1.0);
            perHost[i] = timeMs[i] / (b[i] + 1.0);
            min = Math.min(min, timeMs[i]);
        }
        // Prior centres: each of compute, memory and host time explains a third of the observed times.
        double share = 1.0 / 3.0;
        double[] centre = new double[n + 7];
        double w = median(perWork) * share;
        for (int j = 0; j < n; j++) {
            centre[j] = Math.log(w * batches[j]);
        }
        centre[n] = Math.log(median(perMem) * share);
        centre[n + 1] = 0.0;
        centre[n + 2] = Math.log(median(perHost) * share);
        centre[n + 3] = 0.0;
        centre[n + 4] = Math.log(7.0);
        centre[n + 5] = 0.0;
        centre[n + 6] = Math.log(0.5 * min);
        double[] logT = new double[rows];
        double[] fGhz = new double[rows];
        for (int i = 0; i < rows; i++) {
            logT[i] = Math.log(timeMs[i]);
            fGhz[i] = clock[i] / 1000.0;
        }
        int smooth = n >= 3 ? n - 2 : 0;
        int size = rows + centre.length + smooth;
        LevenbergMarquardt.Residuals residuals = new LevenbergMarquardt.Residuals() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void evaluate(double[] th, double[] out) {
                for (int i = 0; i < rows; i++) {
                    out[i] = Math.log(predict(th, b[i], s[i], fGhz[i])) - logT[i];
                }
                for (int j = 0; j < centre.length; j++) {
                    out[rows + j] = constants.latencyPriorWeight() * (th[j] - centre[j]);
                }
                for (int j = 0; j < smooth; j++) {
                    double d1 = (th[j + 1] - th[j]) / (log2Batches[j + 1] - log2Batches[j]);
                    double d2 = (th[j + 2] - th[j + 1]) / (log2Batches[j + 2] - log2Batches[j + 1]);
                    out[rows + centre.length + j] = constants.latencySmoothness() * (d2 - d1);
                }
            }
        };
        params = LevenbergMarquardt.minimise(residuals, centre.clone(), 400);
        return this;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** @return the fitted floor in ms */
    double floorMs() {
        return Math.exp(params[nb() + 6]);
    }
}
