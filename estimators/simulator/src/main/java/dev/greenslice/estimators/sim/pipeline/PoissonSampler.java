package dev.greenslice.estimators.sim.pipeline;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;

/**
 * Draws Poisson counts in constant expected time for any mean. Below 10 it multiplies uniforms (Knuth), at
 * most a few dozen draws; from 10 up it is Hörmann's transformed rejection with squeeze (PTRS: W. Hörmann,
 * "The transformed rejection method for generating Poisson random variables", Insurance: Mathematics and
 * Economics 12, 1993), which accepts about 9 candidates in 10 whatever the mean. Commons Math's sampler, used
 * before, sums {@code log i} up to the mean for every draw above 40 (minutes at a mean of 10^9) and returns an
 * {@code int}. Counts come back as {@code double}: exact up to 2^53, far above any rate a trace allows.
 */
final class PoissonSampler {

    private PoissonSampler() {
    }

    /**
     * One draw.
     *
     * @param rng  the generator
     * @param mean the mean, finite and {@code >= 0}
     * @return a Poisson count with that mean
     */
    static double sample(RandomGenerator rng, double mean) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("A Poisson mean must be finite and >= 0, got " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        if (mean < 10) {
            double limit = Math.exp(-mean);
            double product = rng.nextDouble();
            int k = 0;
            while (product > limit) {
                k++;
                product *= rng.nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }
}
