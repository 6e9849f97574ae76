/**
 * The {@link dev.greenslice.carbon.estimate.PowerEstimator}s of GreenSlice
 * ({@link dev.greenslice.estimators.power.PowerEstimators}: additive, decomposed, and
 * {@link dev.greenslice.estimators.power.CalibratedPowerEstimator} fitted to measured co-located sets), the
 * decomposition of board power they rest on ({@link dev.greenslice.estimators.power.PowerDecomposition}), and the
 * profiling protocol that measures what they need on a live or simulated GPU
 * ({@link dev.greenslice.estimators.power.ProfilingProtocol}).
 *
 * <p><b>Units:</b> watts, SM clocks in MHz, MIG compute slices. <b>Thread-safety:</b> estimators and
 * calibrations are immutable and thread-safe; a protocol run drives one GPU from one thread.
 */
package dev.greenslice.estimators.power;
