package dev.greenslice.estimators.reduction;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Levenberg–Marquardt (Commons Math) over a residual function, with a forward-difference Jacobian and an
 * iteration cap that ends the search at the best point so far instead of throwing.
 */
final class LevenbergMarquardt {

    /** Residuals of a least-squares problem; the optimiser drives their sum of squares down. */
    interface Residuals {
        /** @return the number of residuals */
        int size();

        /** Writes the residuals at {@code params} into {@code out}. */
        void evaluate(double[] params, double[] out);

        /**
         * The residuals that depend on parameter {@code param}, as a row range {@code [from, to)}; the
         * Jacobian is differenced over that range only. Defaults to every row.
         */
        default int[] rowsOf(int param) {
            return new int[] {0, size()};
        }

        /**
         * Writes residuals {@code [from, to)} at {@code params} into {@code out}; other slots may hold
         * anything. Defaults to a full evaluation.
         */
        default void evaluateRows(double[] params, double[] out, int from, int to) {
            evaluate(params, out);
        }
    }

    private LevenbergMarquardt() {
    }

    /** @return the parameters that minimise the sum of squared residuals, starting from {@code start} */
    static double[] minimise(Residuals residuals, double[] start, int maxIterations) {
        int n = residuals.size();
        int p = start.length;
        MultivariateJacobianFunction model = point -> {
            double[] x = point.toArray();
            double[] r0 = new double[n];
            residuals.evaluate(x, r0);
            double[][] jac = new double[n][p];
            double[] r1 = new double[n];
            for (int j = 0; j < p; j++) {
                double h = 1e-6 * Math.max(1.0, Math.abs(x[j]));
                double keep = x[j];
                int[] rows = residuals.rowsOf(j);
                x[j] = keep + h;
                residuals.evaluateRows(x, r1, rows[0], rows[1]);
                x[j] = keep;
                for (int i = rows[0]; i < rows[1]; i++) {
                    jac[i][j] = (r1[i] - r0[i]) / h;
                }
            }
            return new Pair<RealVector, org.apache.commons.math3.linear.RealMatrix>(
                    new ArrayRealVector(r0, false), new Array2DRowRealMatrix(jac, false));
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(start)
                .model(model)
                .target(new double[n])
                .lazyEvaluation(false)
                .maxEvaluations(Integer.MAX_VALUE)
                .maxIterations(Integer.MAX_VALUE)
                .checker((iteration, previous, current) -> iteration >= maxIterations
                        || Math.abs(previous.getCost() - current.getCost()) <= 1e-12 * Math.max(1e-300, current.getCost()))
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        return optimum.getPoint().toArray();
    }
}
