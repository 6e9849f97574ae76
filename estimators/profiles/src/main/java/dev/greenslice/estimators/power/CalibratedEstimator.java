package dev.greenslice.estimators.power;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.estimate.PowerEstimate;
import dev.greenslice.carbon.estimate.PowerTerm;
import dev.greenslice.estimators.profile.DevicePowerProfile;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.greenslice.estimators.power.AdditiveEstimator.fmt;

/**
 * The decomposed rule with three parameters fitted to measured co-located sets (see
 * {@link PowerEstimators#calibrated}). At {@code (α, κ, β) = (1, 0, 0)} it is the base rule exactly.
 */
final class CalibratedEstimator implements CalibratedPowerEstimator {

    static final String METHOD = "decomposed-calibrated";
    /** Bounds that keep the rule physical, per parameter: α, κ, β. */
    static final double[] LOWER = {0.0, 0.0, -0.3};
    static final double[] UPPER = {1.0, 0.5, 0.3};
    static final double[] UNCALIBRATED = {1.0, 0.0, 0.0};
    private static final String[] NAMES = {Calibration.AUXILIARY_ADDED_SHARE, Calibration.INTERFERENCE,
            Calibration.BOARD_OFFSET};
    /** A parameter whose column adds less than this (relative to measured power) is not identified. */
    private static final double IDENTIFIED = 1e-4;

    private final DecomposedEstimator base;
    private final double[] theta;
    private final Calibration calibration;

    private CalibratedEstimator(DecomposedEstimator base, double[] theta, Calibration calibration) {
        this.base = base;
        this.theta = theta.clone();
        this.calibration = calibration;
    }

    /** What a set contributes to the fit: the uncalibrated total and the columns of α − 1, κ, β. */
    private record Row(double uncalibrated, double[] x, double measured) {
        double predict(double[] u) {
            return uncalibrated + x[0] * u[0] + x[1] * u[1] + x[2] * u[2];
        }
    }

    /** The parts of one estimate, shared by {@link #estimate} and the fit. */
    private final class Parts {
        final DevicePowerProfile.Baseline baseline;
        final double[] compute;
        final double[] activity;
        final double[] wake;
        final double[] others;
        double maxWake;
        double maxActivity;
        double sumActivity;
        int slices;

        Parts(int clockMhz, List<ModelPlacement> models) {
            Placements.check(models, base.gpuSlices());
            baseline = base.device().at(clockMhz);
            int n = models.size();
            compute = new double[n];
            activity = new double[n];
            wake = new double[n];
            others = new double[n];
            for (ModelPlacement m : models) {
                slices += m.slices();
            }
            boolean shared = base.rule() == AuxiliaryRule.SHARED_WAKE_UP;
            for (int i = 0; i < n; i++) {
                PowerDecomposition d = base.decomposition(models.get(i), clockMhz);
                compute[i] = d.compute().watts();
                wake[i] = shared ? d.wakeUp().watts() : 0.0;
                activity[i] = d.sliceIndependent().watts() - wake[i];
                others[i] = (double) (slices - models.get(i).slices()) / base.gpuSlices();
                maxWake = Math.max(maxWake, wake[i]);
                maxActivity = Math.max(maxActivity, activity[i]);
                sumActivity += activity[i];
            }
        }

        double interferenceColumn() {
            double s = 0;
            for (int i = 0; i < compute.length; i++) {
                s += compute[i] * others[i];
            }
            return s;
        }

        double total(double[] t) {
            double total = (1 + t[2]) * baseline.total().watts() + maxWake + maxActivity
                    + t[0] * (sumActivity - maxActivity);
            for (int i = 0; i < compute.length; i++) {
                total += compute[i] * (1 - t[1] * others[i]);
            }
            return total;
        }
    }

    static CalibratedEstimator fit(DecomposedEstimator base, List<ColocatedMeasurement> sets, String label) {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("Calibration needs at least one measured co-located set");
        }
        CalibratedEstimator uncalibrated = new CalibratedEstimator(base, UNCALIBRATED, null);
        List<Row> rows = new ArrayList<>();
        for (ColocatedMeasurement m : sets) {
            Parts p;
            try {
                p = uncalibrated.new Parts(m.clockMhz(), m.placements());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((m.origin().isEmpty() ? "set " + m.setText() : m.origin()) + ": "
                        + e.getMessage(), e);
            }
            rows.add(new Row(p.total(UNCALIBRATED), new double[] {p.sumActivity - p.maxActivity,
                    -p.interferenceColumn(), p.baseline.total().watts()}, m.measuredWatts()));
        }
        List<String> why = new ArrayList<>();
        Fit all = solve(rows, why);
        double[] loo = null;
        if (rows.size() > 1) {
            loo = new double[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                List<Row> rest = new ArrayList<>(rows);
                Row out = rest.remove(k);
                loo[k] = out.predict(solve(rest, new ArrayList<>()).u);
            }
        }
        double[] fitted = new double[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            fitted[k] = rows.get(k).predict(all.u);
        }
        double[] theta = {1 + all.u[0], all.u[1], all.u[2]};
        List<String> names = new ArrayList<>();
        for (int j : all.chosen) {
            names.add(NAMES[j]);
        }
        Calibration c = new Calibration(label, sets, theta, names, String.join("; ", why), fitted, loo);
        return new CalibratedEstimator(base, theta, c);
    }

    private record Fit(double[] u, List<Integer> chosen) {
    }

    /**
     * Chooses the identified parameters (at most one fewer than sets, at least one, in the order α, κ, β) and
     * solves the bounded, relative-error least squares over them exactly: every combination of free and
     * bound-held parameters is solved with QR (Commons Math) and the best feasible one kept.
     */
    private static Fit solve(List<Row> rows, List<String> why) {
        int n = rows.size();
        List<Integer> chosen = new ArrayList<>();
        // One parameter fewer than sets (at least one): a residual degree of freedom. Fitting as many
        // parameters as sets interpolates them, and on the simulator that doubled the worst leave-one-out error.
        int cap = Math.max(1, n - 1);
        for (int j = 0; j < 3; j++) {
            if (chosen.size() >= cap) {
                why.add(String.format(Locale.ROOT, "%s kept at %s: %d set%s fit at most %d parameter%s", NAMES[j],
                        fmtParam(j), n, n == 1 ? "" : "s", cap, cap == 1 ? "" : "s"));
                continue;
            }
            double residual = residualNorm(rows, chosen, j);
            if (residual < IDENTIFIED * Math.sqrt(n)) {
                why.add(NAMES[j] + " kept at " + fmtParam(j) + ": " + (j == 2
                        ? "the sets do not separate it from the other parameters"
                        : "no set has two or more models, so the sets say nothing about it"));
                continue;
            }
            chosen.add(j);
        }
        double[] lo = {LOWER[0] - 1, LOWER[1], LOWER[2]};
        double[] hi = {UPPER[0] - 1, UPPER[1], UPPER[2]};
        int m = chosen.size();
        double best = Double.POSITIVE_INFINITY;
        double[] bestU = {0, 0, 0};
        int combos = (int) Math.pow(3, m);
        for (int code = 0; code < combos; code++) {
            double[] u = {0, 0, 0};
            List<Integer> free = new ArrayList<>();
            int c = code;
            for (int j : chosen) {
                int state = c % 3;
                c /= 3;
                if (state == 0) {
                    free.add(j);
                } else {
                    u[j] = state == 1 ? lo[j] : hi[j];
                }
            }
            if (!free.isEmpty() && !solveFree(rows, free, u)) {
                continue;
            }
            boolean feasible = true;
            for (int j : free) {
                feasible &= u[j] >= lo[j] - 1e-12 && u[j] <= hi[j] + 1e-12;
            }
            if (!feasible) {
                continue;
            }
            double sse = 0;
            for (Row r : rows) {
                double e = (r.predict(u) - r.measured) / r.measured;
                sse += e * e;
            }
            if (sse < best - 1e-15) {
                best = sse;
                bestU = u;
            }
        }
        for (int j = 0; j < 3; j++) {
            bestU[j] = Math.min(Math.max(bestU[j], lo[j]), hi[j]);
        }
        return new Fit(bestU, chosen);
    }

    private static String fmtParam(int j) {
        return j == 2 ? "0" : j == 1 ? "0" : "1";
    }

    /** Least squares of the relative residual over the free parameters, the others fixed at their values in u. */
    private static boolean solveFree(List<Row> rows, List<Integer> free, double[] u) {
        double[][] a = new double[rows.size()][free.size()];
        double[] b = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double fixed = r.uncalibrated;
            for (int j = 0; j < 3; j++) {
                if (!free.contains(j)) {
                    fixed += r.x[j] * u[j];
                }
            }
            for (int f = 0; f < free.size(); f++) {
                a[i][f] = r.x[free.get(f)] / r.measured;
            }
            b[i] = (r.measured - fixed) / r.measured;
        }
        DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-12).getSolver();
        if (!solver.isNonSingular()) {
            return false;
        }
        double[] x = solver.solve(new ArrayRealVector(b, false)).toArray();
        for (int f = 0; f < free.size(); f++) {
            u[free.get(f)] = x[f];
        }
        return true;
    }

    /** Norm of column j (relative to measured power) after projecting out the chosen columns. */
    private static double residualNorm(List<Row> rows, List<Integer> chosen, int j) {
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            y[i] = rows.get(i).x[j] / rows.get(i).measured;
        }
        if (!chosen.isEmpty()) {
            double[][] a = new double[rows.size()][chosen.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < chosen.size(); c++) {
                    a[i][c] = rows.get(i).x[chosen.get(c)] / rows.get(i).measured;
                }
            }
            if (rows.size() > chosen.size()) {
                DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-12).getSolver();
                double[] coef = solver.solve(new ArrayRealVector(y, true)).toArray();
                for (int i = 0; i < rows.size(); i++) {
                    for (int c = 0; c < chosen.size(); c++) {
                        y[i] -= a[i][c] * coef[c];
                    }
                }
            } else {
                return 0.0;
            }
        }
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public Calibration calibration() {
        return calibration;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public Power totalPower(int clockMhz, List<ModelPlacement> models) {
        return Power.ofWatts(new Parts(clockMhz, models).total(theta));
    }

    @Override
    public PowerEstimate estimate(int clockMhz, List<ModelPlacement> models) {
        Parts p = new Parts(clockMhz, models);
        double alpha = theta[0];
        double kappa = theta[1];
        double scale = 1 + theta[2];
        int n = models.size();
        String cal = calibration.label();
        List<PowerTerm> terms = new ArrayList<>();
        terms.add(new PowerTerm("calibration", "", Power.ofWatts(0), calibration.provenance()));
        terms.add(new PowerTerm("static", "", p.baseline.staticAndFan().times(scale), String.format(Locale.ROOT,
                "board static %s + fan %s at %d MHz, counted once, × %.3f (board offset from %s)",
                fmt(p.baseline.staticPower()), fmt(p.baseline.fanPower()), clockMhz, scale, cal)));
        terms.add(new PowerTerm("idle auxiliary", "", p.baseline.idlePower().times(scale), String.format(Locale.ROOT,
                "idle auxiliary power at %d MHz, counted once, × %.3f", clockMhz, scale)));
        if (base.rule() == AuxiliaryRule.SHARED_WAKE_UP) {
            terms.add(new PowerTerm("auxiliary wake-up", "", Power.ofWatts(p.maxWake),
                    "power of shared logic awake while any instance runs: the largest wake-up power, counted once"));
        }
        terms.add(new PowerTerm("auxiliary activity, shared", "", Power.ofWatts((1 - alpha) * p.maxActivity),
                String.format(Locale.ROOT, "the largest model's auxiliary activity %s × (1 − %s %.3f from %s):"
                        + " the part of it the others' share merges into", fmt(Power.ofWatts(p.maxActivity)),
                        Calibration.AUXILIARY_ADDED_SHARE, alpha, cal)));
        double[] own = new double[n];
        for (int i = 0; i < n; i++) {
            String model = models.get(i).model();
            double c = p.compute[i] * (1 - kappa * p.others[i]);
            terms.add(new PowerTerm("compute", model, Power.ofWatts(c), String.format(Locale.ROOT,
                    "slice-proportional part of its isolated dynamic power %s × (1 − %s %.3f × %.2f of the board"
                            + " held by the others)", fmt(Power.ofWatts(p.compute[i])), Calibration.INTERFERENCE,
                    kappa, p.others[i])));
            terms.add(new PowerTerm("auxiliary activity", model, Power.ofWatts(alpha * p.activity[i]),
                    String.format(Locale.ROOT, "slice-independent activity %s × %s %.3f (calibrated)",
                            fmt(Power.ofWatts(p.activity[i])), Calibration.AUXILIARY_ADDED_SHARE, alpha)));
            own[i] = c + alpha * p.activity[i];
        }
        double[] wakeShare = Placements.shapleyOfMax(p.wake);
        double[] activityShare = Placements.shapleyOfMax(p.activity);
        double shared = scale * p.baseline.total().watts();
        List<Power> per = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            per.add(Power.ofWatts(shared * models.get(i).slices() / p.slices + own[i] + wakeShare[i]
                    + (1 - alpha) * activityShare[i]));
        }
        return PowerEstimate.builder().method(METHOD).clockMhz(clockMhz).placements(models)
                .total(Power.ofWatts(p.total(theta))).terms(terms).perPlacement(per).build();
    }
}
