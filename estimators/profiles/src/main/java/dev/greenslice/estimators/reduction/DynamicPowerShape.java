package dev.greenslice.estimators.reduction;

import java.util.List;

/**
 * The physically shaped model of a model's dynamic power over batch size b, slices s and SM clock f,
 * fitted jointly for every model of one GPU type so that the GPU's voltage curve is shared:
 *
 * <pre>
 *   P(b, s, f) = v(f) · ( e·b^η / I  +  g·s·f  +  h·f )  +  q·b / I  +  c
 *   v(f)       = (1 + β · softplus(f − f_knee))²              (V(f)² relative to the minimum voltage)
 * </pre>
 *
 * where {@code I} is the batch interval (ms) at (b, s, f), predicted by the service-time model. The terms:
 * switching energy per batch ({@code e b^η}, scaled by V², delivered once per interval), clocked SMs of the
 * instance ({@code g s f V²}), clocked shared logic ({@code h f V²}), memory traffic per request
 * ({@code q b / I}; the memory clock is fixed) and a constant. {@code β} and {@code f_knee} describe the
 * GPU's DVFS curve — flat at minimum voltage up to the knee, then rising — and are shared by all models of
 * the training set. Fitted in log space by Levenberg–Marquardt with weak priors on the minor terms.
 */
final class DynamicPowerShape {

    static final int PER_MODEL = 6;
    static final double KNEE_MIN_GHZ = 0.6;
    static final double KNEE_MAX_GHZ = 1.4;
    static final double ETA_MIN = 0.5;
    static final double ETA_MAX = 1.2;

    /** Training data of one model: keys, observed dynamic watts, and predicted batch intervals. */
    record Data(int[] b, int[] s, int[] clock, double[] watts, double[] intervalMs) {
    }

    /** The fitted voltage curve and per-model parameters. */
    record Fit(double beta, double kneeGhz, List<double[]> perModel) {
    }

    private DynamicPowerShape() {
    }

    static double softplus(double x, double w) {
        double z = x / w;
        return z > 30 ? x : w * Math.log1p(Math.exp(z));
    }

    static double voltageSquared(double fGhz, double beta, double kneeGhz, double widthGhz) {
        double v = 1 + beta * softplus(fGhz - kneeGhz, widthGhz);
        return v * v;
    }

    static double predict(double[] th, double beta, double kneeGhz, double widthGhz, int b, int s, double fGhz,
                          double intervalMs) {
        double e = Math.exp(th[0]);
        double g = Math.exp(th[1]);
        double h = Math.exp(th[2]);
        double q = Math.exp(th[3]);
        double c = Math.exp(th[4]);
        double eta = ServiceTimeShape.sigmoid(th[5], ETA_MIN, ETA_MAX);
        double v = voltageSquared(fGhz, beta, kneeGhz, widthGhz);
        return v * (e * Math.pow(b, eta) / intervalMs + s * g * fGhz + h * fGhz) + q * b / intervalMs + c;
    }

    static Fit fit(List<Data> models, ShapeConstants constants) {
        final double priorWeight = constants.powerPriorWeight();
        final double widthGhz = constants.powerSoftplusWidthGhz();
        int m = models.size();
        double[] start = new double[2 + PER_MODEL * m];
        start[0] = Math.log(0.8);
        start[1] = 0.0;
        int rows = 0;
        for (int i = 0; i < m; i++) {
            Data d = models.get(i);
            double[] perBatchEnergy = new double[d.watts().length];
            for (int r = 0; r < perBatchEnergy.length; r++) {
                perBatchEnergy[r] = d.watts()[r] * d.intervalMs()[r] / d.b()[r];
            }
            int o = 2 + PER_MODEL * i;
            start[o] = Math.log(ServiceTimeShape.median(perBatchEnergy) * 0.5);
            start[o + 1] = Math.log(0.3);
            start[o + 2] = Math.log(0.3);
            start[o + 3] = Math.log(1e-2);
            start[o + 4] = Math.log(0.5);
            start[o + 5] = 0.0;
            rows += d.watts().length + 5;
        }
        final int size = rows;
        final double minorCentre = Math.log(1e-2);
        final int[] firstRow = new int[m + 1];
        for (int i = 0; i < m; i++) {
            firstRow[i + 1] = firstRow[i] + models.get(i).watts().length + 5;
        }
        LevenbergMarquardt.Residuals residuals = new LevenbergMarquardt.Residuals() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void evaluate(double[] th, double[] out) {
                evaluateRows(th, out, 0, size);
            }

            @Override
            public int[] rowsOf(int param) {
                if (param < 2) {
                    return new int[] {0, size};
                }
                int i = (param - 2) / PER_MODEL;
                return new int[] {firstRow[i], firstRow[i + 1]};
            }

            @Override
            public void evaluateRows(double[] th, double[] out, int from, int to) {
                double beta = Math.exp(th[0]);
                double knee = ServiceTimeShape.sigmoid(th[1], KNEE_MIN_GHZ, KNEE_MAX_GHZ);
                double[] pm = new double[PER_MODEL];
                for (int i = 0; i < m; i++) {
                    if (firstRow[i + 1] <= from || firstRow[i] >= to) {
                        continue;
                    }
                    int k = firstRow[i];
                    Data d = models.get(i);
                    System.arraycopy(th, 2 + PER_MODEL * i, pm, 0, PER_MODEL);
                    for (int r = 0; r < d.watts().length; r++) {
                        double p = predict(pm, beta, knee, widthGhz, d.b()[r], d.s()[r], d.clock()[r] / 1000.0, d.intervalMs()[r]);
                        out[k++] = Math.log(p / d.watts()[r]);
                    }
                    for (int j = 1; j <= 4; j++) {
                        out[k++] = priorWeight * (pm[j] - minorCentre);
                    }
                    out[k++] = priorWeight * pm[5];
                }
            }
        };
        double[] th = LevenbergMarquardt.minimise(residuals, start, 600);
        java.util.ArrayList<double[]> per = new java.util.ArrayList<>();
        for (int i = 0; i < m; i++) {
            double[] pm = new double[PER_MODEL];
            System.arraycopy(th, 2 + PER_MODEL * i, pm, 0, PER_MODEL);
            per.add(pm);
        }
        return new Fit(Math.exp(th[0]), ServiceTimeShape.sigmoid(th[1], KNEE_MIN_GHZ, KNEE_MAX_GHZ), per);
    }
}
