package dev.greenslice.estimators.reduction;

/**
 * The constants of the profile shapes that are chosen, not fitted: how sharp the latency floor's smooth maximum
 * is, how strongly the weak priors and the batch smoothness pull, and how wide the voltage knee is. {@link #DEFAULT}
 * is what the library uses; {@code ProfileReductionOutOfSampleTest} validates that choice on models it was not
 * chosen on. Immutable.
 *
 * @param latencySharpness      the exponent n of the smooth maximum {@code (T^n + F^n)^(1/n)}
 * @param latencyPriorWeight    weight of the priors that keep under-determined time terms near a balanced split
 * @param latencySmoothness     weight of the smoothness of {@code log W_b} against {@code log2 b}
 * @param powerSoftplusWidthGhz width of the softplus that rounds the voltage knee, GHz
 * @param powerPriorWeight      weight of the priors on the minor power terms
 */
record ShapeConstants(double latencySharpness, double latencyPriorWeight, double latencySmoothness,
                      double powerSoftplusWidthGhz, double powerPriorWeight) {

    /** The library's constants. */
    static final ShapeConstants DEFAULT = new ShapeConstants(8.0, 0.05, 1.0, 0.05, 0.02);
}
