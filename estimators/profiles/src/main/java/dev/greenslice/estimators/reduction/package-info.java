/**
 * Profile reduction: fitting a model's whole (batch, slices, clock) profile grid from a small measured share
 * of it with a physically shaped model ({@link dev.greenslice.estimators.reduction.ProfileReduction}), which
 * points to measure ({@link dev.greenslice.estimators.reduction.ProfilingDesign}), and how well the fit predicts
 * the points left out ({@link dev.greenslice.estimators.reduction.FitQuality}).
 *
 * <p><b>Units:</b> milliseconds, watts, MHz, MIG compute slices. <b>Thread-safety:</b> fitted profiles are
 * immutable and thread-safe; a fit runs on the caller's thread.
 */
package dev.greenslice.estimators.reduction;
