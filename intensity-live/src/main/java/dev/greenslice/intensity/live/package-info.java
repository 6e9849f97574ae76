/**
 * Live grid carbon intensity from Electricity Maps
 * ({@link dev.greenslice.intensity.live.ElectricityMapsIntensity}), WattTime
 * ({@link dev.greenslice.intensity.live.WattTimeIntensity}) and the UK Carbon Intensity API
 * ({@link dev.greenslice.intensity.live.UkCarbonIntensity}), each an
 * {@link dev.greenslice.carbon.intensity.IntensitySource} with a cache, a timeout, back-off after failures and an
 * optional fallback source, configured through the shared
 * {@link dev.greenslice.intensity.live.AbstractLiveIntensityBuilder}.
 *
 * <p><b>Units:</b> gCO2e/kWh (WattTime's lbs/MWh converted). <b>Thread-safety:</b> every source is thread-safe;
 * builders are not. <b>Failures:</b> a provider failure answers the last good value or the fallback, flagged in
 * the factor's source; with neither, {@link dev.greenslice.intensity.live.IntensityUnavailableException} (an
 * unchecked {@link dev.greenslice.carbon.UnavailableException}). Credentials never reach logs, messages or
 * reports.
 */
package dev.greenslice.intensity.live;
