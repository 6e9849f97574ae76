package dev.greenslice.estimators.sim.pipeline;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Poisson sampler across twenty orders of magnitude of the mean. */
class PoissonSamplerTest {

    @Test
    void meanAndVarianceMatchAtEveryScale() {
        int n = 40_000;
        int seed = 0;
        for (double mean : new double[] {0.01, 0.7, 3, 9.99, 10, 10.5, 40, 1_000, 123_456.7, 1e9, 1e15}) {
            Well19937c rng = new Well19937c(++seed);
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double k = PoissonSampler.sample(rng, mean);
                assertTrue(k >= 0 && k == Math.floor(k), "a count: " + k);
                sum += k;
                sumSq += k * k;
            }
            double m = sum / n;
            double var = sumSq / n - m * m;
            // The sample mean is within 5 standard errors; the variance (Poisson: = mean) within 5 % for
            // means large enough to estimate it (its standard error is about sqrt(2/n) = 0.7 %).
            assertTrue(Math.abs(m - mean) < 5 * Math.sqrt(mean / n), "mean " + mean + ": got " + m);
            if (mean >= 0.5 && mean < 1e15) {
                assertEquals(1.0, var / mean, 0.05, "variance at mean " + mean);
            }
        }
    }

    @Test
    void probabilitiesOfSmallCountsMatchTheMassFunctionAroundTheSwitch() {
        // At 10 and 12 (PTRS) and 9 (multiplication): P(k) for k = 5..15 against e^-m m^k / k!.
        for (double mean : new double[] {9, 10, 12}) {
            Well19937c rng = new Well19937c(42);
            int n = 200_000;
            int[] hist = new int[64];
            for (int i = 0; i < n; i++) {
                double k = PoissonSampler.sample(rng, mean);
                if (k < hist.length) {
                    hist[(int) k]++;
                }
            }
            for (int k = 5; k <= 15; k++) {
                double p = Math.exp(-mean + k * Math.log(mean) - org.apache.commons.math3.special.Gamma.logGamma(k + 1));
                double se = Math.sqrt(p * (1 - p) / n);
                assertEquals(p, hist[k] / (double) n, 5 * se, "P(" + k + ") at mean " + mean);
            }
        }
    }

    @Test
    void refusesNaNNegativeAndInfiniteMeans() {
        Well19937c rng = new Well19937c(1);
        for (double bad : new double[] {Double.NaN, -1, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> PoissonSampler.sample(rng, bad));
        }
        assertEquals(0, PoissonSampler.sample(rng, 0));
    }

    @Test
    void generatedTracesRefuseLengthsAndRatesBeyondTheirLimits() {
        assertThrows(IllegalArgumentException.class, () -> WorkloadShape.STEADY_LOW.generate(2_000_000_000, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadShape.STEADY_LOW.generate(60, 1e12, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadShape.STEADY_LOW.generate(60, Double.NaN, 1));
        double[] counts = WorkloadShape.STEADY_LOW.generate(60, 1e9, 1).requestsPerSecond();
        for (double c : counts) {
            assertTrue(c > 1e8 && c < 3e8, "20 % of 1e9 with a ±10 % drift: " + c);
        }
    }
}
