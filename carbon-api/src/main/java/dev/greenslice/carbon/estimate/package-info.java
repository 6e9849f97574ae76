/**
 * Predicting the board power of one GPU serving several models at once from what each does alone: the
 * {@link dev.greenslice.carbon.estimate.PowerEstimator} interface, the placement of a model on the GPU
 * ({@link dev.greenslice.carbon.estimate.ModelPlacement}) and the estimate with its terms and per-model shares
 * ({@link dev.greenslice.carbon.estimate.PowerEstimate}, {@link dev.greenslice.carbon.estimate.PowerTerm}).
 *
 * <p>Only the interface and its values live here; the estimators are in the estimators module. <b>Units:</b>
 * watts ({@link dev.greenslice.carbon.Power}), SM clocks in MHz. <b>Thread-safety:</b> the values are immutable;
 * implementations of {@code PowerEstimator} are immutable and thread-safe (the NVML sensor calls one from the
 * meter's sampler).
 */
package dev.greenslice.carbon.estimate;
