package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.estimators.profile.ModelProfile;
import dev.greenslice.estimators.profile.ProfilePoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One model's isolated dynamic power at one placement and clock, split into the parts that behave
 * differently when models share a GPU. Immutable.
 *
 * <p><b>Slice regression</b> (the study's split). Across the instance sizes the profile has at this batch
 * size and clock, dynamic power is regressed on slices: {@code P(s) = a + k·s}. The slope is the
 * slice-proportional <em>compute</em> part (power-gated with the instance); the intercept {@code a} is the
 * slice-independent <em>auxiliary</em> part, not power-gated. Constrained so that {@code 0 <= a <= P}.
 *
 * <p><b>Wake-up regression</b> (this library's refinement). The auxiliary part mixes two things: activity
 * that follows the model's own work but not its slices (a host- or latency-bound model does the same work
 * per second on any instance), and shared logic that is awake whenever any instance runs. Across every
 * batch size and instance size of the profile at this clock, dynamic power is fitted by non-negative least
 * squares (relative errors) to {@code P = A + k'·s + w·X}, with {@code X} the throughput in requests/s: the
 * intercept {@code A}, independent of both slices and work, is the <em>wake-up</em> power. On the EnerTune
 * A100 data this fit explains dynamic power to 2–6 % per (model, clock), and {@code A} is 0–10 W where the
 * slice-only intercept is up to 80 W: most of the study's "auxiliary" power is work, which does add up
 * when models share a GPU; only the wake-up part is shared. Clamped to {@code 0 <= A <= a}.
 */
public final class PowerDecomposition {
    private final ModelPlacement placement;
    private final int clockMhz;
    private final Power dynamic;
    private final Power sliceIndependent;
    private final Power computePerSlice;
    private final Power wakeUp;
    private final double sliceFitRmsWatts;
    private final int slicesUsed;

    /**
     * Checks that no part is null.
     *
     * @param placement        the model, batch size and slices
     * @param clockMhz         SM clock in MHz
     * @param dynamic          the isolated dynamic power at this placement
     * @param sliceIndependent the slice regression's intercept
     * @param computePerSlice  the slice regression's slope
     * @param wakeUp           the wake-up power
     * @param sliceFitRmsWatts root-mean-square residual of the slice regression, in W
     * @param slicesUsed       how many instance sizes the slice regression used
     * @throws NullPointerException if a power or the placement is null
     */
    PowerDecomposition(ModelPlacement placement, int clockMhz, Power dynamic, Power sliceIndependent,
            Power computePerSlice, Power wakeUp, double sliceFitRmsWatts, int slicesUsed) {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(dynamic, "dynamic");
        Objects.requireNonNull(sliceIndependent, "sliceIndependent");
        Objects.requireNonNull(computePerSlice, "computePerSlice");
        Objects.requireNonNull(wakeUp, "wakeUp");
        this.placement = placement;
        this.clockMhz = clockMhz;
        this.dynamic = dynamic;
        this.sliceIndependent = sliceIndependent;
        this.computePerSlice = computePerSlice;
        this.wakeUp = wakeUp;
        this.sliceFitRmsWatts = sliceFitRmsWatts;
        this.slicesUsed = slicesUsed;
    }

    /** @return the slice-dependent compute part: {@code dynamic − sliceIndependent} */
    public Power compute() {
        return dynamic.minus(sliceIndependent);
    }

    /** @return the auxiliary part that follows the model's own work: {@code sliceIndependent − wakeUp} */
    public Power auxiliaryActivity() {
        return sliceIndependent.minus(wakeUp);
    }

    /** @return everything this model adds when it joins other models: {@code dynamic − wakeUp} */
    public Power own() {
        return dynamic.minus(wakeUp);
    }

    /**
     * Decomposes {@code placement}'s isolated power at {@code clockMhz} from {@code profile}.
     *
     * @param profile   the model's isolated profile; must be of the placement's model
     * @param placement the model, batch size and slices to decompose
     * @param clockMhz  the SM clock, in MHz
     * @return the decomposition
     * @throws IllegalArgumentException if the profile lacks the placement's cell, or has fewer than two
     *                                  instance sizes at its batch size and clock (predict the missing sizes
     *                                  first, e.g. with {@code profile predict})
     */
    public static PowerDecomposition of(ModelProfile profile, ModelPlacement placement, int clockMhz) {
        return of(profile, placement, clockMhz, wakeUpPower(profile, clockMhz));
    }

    /** As {@link #of(ModelProfile, ModelPlacement, int)}, with the model's wake-up regression at this clock given. */
    static PowerDecomposition of(ModelProfile profile, ModelPlacement placement, int clockMhz, double wakeUpWatts) {
        if (!profile.model().equals(placement.model())) {
            throw new IllegalArgumentException("Profile of " + profile.model() + " cannot decompose " + placement);
        }
        ProfilePoint here = profile.require(placement.batchSize(), placement.slices(), clockMhz);
        double dyn = here.dynamicPower().watts();
        List<ProfilePoint> across = profile.acrossSlices(placement.batchSize(), clockMhz);
        if (across.size() < 2) {
            throw new IllegalArgumentException("Profile of " + profile.model() + " has only " + across.size()
                    + " instance size at batch " + placement.batchSize() + " and " + clockMhz
                    + " MHz; the decomposition regresses power on slices and needs at least two."
                    + " Measure another instance size or predict it (greenslice profile predict).");
        }
        double[] ak = sliceRegression(across);
        double a = Math.min(Math.max(ak[0], 0.0), dyn);
        double k = Math.max(ak[1], 0.0);
        double rms = 0;
        for (ProfilePoint p : across) {
            double r = p.dynamicPower().watts() - (ak[0] + ak[1] * p.slices());
            rms += r * r;
        }
        rms = Math.sqrt(rms / across.size());
        double wake = Math.min(Math.max(wakeUpWatts, 0.0), a);
        return new PowerDecomposition(placement, clockMhz, Power.ofWatts(dyn), Power.ofWatts(a), Power.ofWatts(k),
                Power.ofWatts(wake), rms, across.size());
    }

    /** Least squares of P on (1, s), constrained to a non-negative intercept and slope. */
    static double[] sliceRegression(List<ProfilePoint> points) {
        int n = points.size();
        double ss = 0;
        double sp = 0;
        double s2 = 0;
        double p1 = 0;
        for (ProfilePoint p : points) {
            ss += p.slices();
            s2 += (double) p.slices() * p.slices();
            sp += p.slices() * p.dynamicPower().watts();
            p1 += p.dynamicPower().watts();
        }
        double det = n * s2 - ss * ss;
        double k = (n * sp - ss * p1) / det;
        double a = (p1 - k * ss) / n;
        if (a < 0) {
            return new double[] {0.0, Math.max(0.0, sp / s2)};
        }
        if (k < 0) {
            return new double[] {p1 / n, 0.0};
        }
        return new double[] {a, k};
    }

    /**
     * The intercept of the non-negative, relative-error least-squares fit of dynamic power on
     * (1, slices, throughput) over every point of the profile at {@code clockMhz}. Exact NNLS for three
     * unknowns: the best feasible solution over the eight active sets.
     */
    static double wakeUpPower(ModelProfile profile, int clockMhz) {
        List<double[]> rows = new ArrayList<>();
        for (ProfilePoint p : profile.points()) {
            if (p.clockMhz() == clockMhz) {
                double w = 1.0 / p.dynamicPower().watts();
                rows.add(new double[] {w, w * p.slices(), w * p.requestsPerSecond(), 1.0});
            }
        }
        if (rows.size() < 3) {
            return 0.0;
        }
        double best = Double.MAX_VALUE;
        double intercept = 0.0;
        for (int mask = 1; mask < 8; mask++) {
            double[] x = solve(rows, mask);
            if (x == null) {
                continue;
            }
            boolean feasible = true;
            for (double v : x) {
                feasible &= v >= 0;
            }
            if (!feasible) {
                continue;
            }
            double sse = 0;
            for (double[] r : rows) {
                double e = r[0] * x[0] + r[1] * x[1] + r[2] * x[2] - r[3];
                sse += e * e;
            }
            if (sse < best) {
                best = sse;
                intercept = x[0];
            }
        }
        return intercept;
    }

    /** Least squares over the columns in {@code mask} (bit j = column j); others fixed at 0. */
    private static double[] solve(List<double[]> rows, int mask) {
        int[] cols = new int[Integer.bitCount(mask)];
        int c = 0;
        for (int j = 0; j < 3; j++) {
            if ((mask & (1 << j)) != 0) {
                cols[c++] = j;
            }
        }
        int m = cols.length;
        double[][] ata = new double[m][m];
        double[] atb = new double[m];
        for (double[] r : rows) {
            for (int i = 0; i < m; i++) {
                atb[i] += r[cols[i]] * r[3];
                for (int j = 0; j < m; j++) {
                    ata[i][j] += r[cols[i]] * r[cols[j]];
                }
            }
        }
        try {
            org.apache.commons.math3.linear.DecompositionSolver solver =
                    new org.apache.commons.math3.linear.QRDecomposition(
                            new org.apache.commons.math3.linear.Array2DRowRealMatrix(ata), 1e-12).getSolver();
            if (!solver.isNonSingular()) {
                return null;
            }
            double[] y = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(atb)).toArray();
            double[] x = new double[3];
            for (int i = 0; i < m; i++) {
                x[cols[i]] = y[i];
            }
            return x;
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            return null;
        }
    }

    /** @return the model, batch size and slices */
    public ModelPlacement placement() {
        return placement;
    }

    /** @return SM clock in MHz */
    public int clockMhz() {
        return clockMhz;
    }

    /** @return the isolated dynamic power at this placement (from the profile) */
    public Power dynamic() {
        return dynamic;
    }

    /** @return the slice regression's intercept {@code a}, clamped to [0, dynamic] */
    public Power sliceIndependent() {
        return sliceIndependent;
    }

    /** @return the slice regression's slope {@code k}, clamped to {@code >= 0} */
    public Power computePerSlice() {
        return computePerSlice;
    }

    /** @return the wake-up power {@code A}, clamped to [0, sliceIndependent] */
    public Power wakeUp() {
        return wakeUp;
    }

    /** @return root-mean-square residual of the slice regression, in W (0 with two sizes) */
    public double sliceFitRmsWatts() {
        return sliceFitRmsWatts;
    }

    /** @return how many instance sizes the slice regression used */
    public int slicesUsed() {
        return slicesUsed;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PowerDecomposition)) {
            return false;
        }
        PowerDecomposition o = (PowerDecomposition) other;
        return Objects.equals(placement, o.placement)
                && clockMhz == o.clockMhz
                && Objects.equals(dynamic, o.dynamic)
                && Objects.equals(sliceIndependent, o.sliceIndependent)
                && Objects.equals(computePerSlice, o.computePerSlice)
                && Objects.equals(wakeUp, o.wakeUp)
                && Double.compare(sliceFitRmsWatts, o.sliceFitRmsWatts) == 0
                && slicesUsed == o.slicesUsed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(placement, clockMhz, dynamic, sliceIndependent, computePerSlice, wakeUp, sliceFitRmsWatts, slicesUsed);
    }

    @Override
    public String toString() {
        return "PowerDecomposition[placement=" + placement
                + ", clockMhz=" + clockMhz
                + ", dynamic=" + dynamic
                + ", sliceIndependent=" + sliceIndependent
                + ", computePerSlice=" + computePerSlice
                + ", wakeUp=" + wakeUp
                + ", sliceFitRmsWatts=" + sliceFitRmsWatts
                + ", slicesUsed=" + slicesUsed + "]";
    }
}
