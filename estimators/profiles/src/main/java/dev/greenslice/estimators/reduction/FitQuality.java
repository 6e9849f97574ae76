package dev.greenslice.estimators.reduction;

/**
 * How well a fitted profile reproduces the points it was fitted to: mean absolute percentage errors over
 * the training points, as fractions (0.03 = 3 %). In-sample errors understate the error on unseen cells;
 * they flag a model that the physical shape cannot describe. Immutable.
 *
 * @param points              training points
 * @param dynamicPowerMape    MAPE of dynamic power
 * @param latencyMape         MAPE of batch latency
 * @param throughputMape      MAPE of throughput
 */
public record FitQuality(int points, double dynamicPowerMape, double latencyMape, double throughputMape) {
}
