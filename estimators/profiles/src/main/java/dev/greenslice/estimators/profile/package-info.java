/**
 * Measured inference profiles: per model, latency, throughput and power by MIG slices, SM clock and batch
 * size ({@link dev.greenslice.estimators.profile.ModelProfile}, {@link dev.greenslice.estimators.profile.ModelProfiles}),
 * a GPU's baseline power by clock ({@link dev.greenslice.estimators.profile.DevicePowerProfile}), read from CSV
 * ({@link dev.greenslice.estimators.profile.ProfileCsv}), with the embedded EnerTune A100 data set as the default
 * ({@link dev.greenslice.estimators.profile.EnerTuneA100}).
 *
 * <p><b>Units:</b> milliseconds, requests per second, watts, MHz. <b>Thread-safety:</b> profiles are immutable and
 * thread-safe. A malformed file is refused with {@link dev.greenslice.estimators.profile.ProfileFormatException}
 * naming the file, line and fix.
 */
package dev.greenslice.estimators.profile;
