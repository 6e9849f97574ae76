/**
 * Carbon intensity of the electricity used: the {@link dev.greenslice.carbon.intensity.IntensitySource}
 * interface the meter asks at each instant, fixed sources by energy source
 * ({@link dev.greenslice.carbon.intensity.EnergySource}, IPCC AR5 lifecycle medians) or number
 * ({@link dev.greenslice.carbon.intensity.CarbonIntensities}), and time series loaded from CSV files
 * ({@link dev.greenslice.carbon.intensity.IntensityTrace}); each answer is an
 * {@link dev.greenslice.carbon.intensity.IntensityFactor} with its range, basis
 * ({@link dev.greenslice.carbon.intensity.IntensityBasis}: lifecycle or direct) and provenance. Live providers
 * are in the intensity-live module.
 *
 * <p><b>Units:</b> gCO2e/kWh; instants as {@link java.time.Instant}. <b>Thread-safety:</b> the sources here are
 * immutable and thread-safe; an {@code IntensitySource} implementation must be, since a meter's sampler and its
 * callers may ask it at once.
 */
package dev.greenslice.carbon.intensity;
