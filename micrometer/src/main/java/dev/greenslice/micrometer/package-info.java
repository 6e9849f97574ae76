/**
 * Publishing a {@link dev.greenslice.carbon.meter.CarbonMeter}'s running totals to Micrometer
 * ({@link dev.greenslice.micrometer.CarbonMeterMetrics}): energy as monotonic counters and power as gauges after
 * the OpenTelemetry hardware semantic conventions, carbon under {@code greenslice.carbon.*}.
 *
 * <p><b>Units:</b> joules, watts, grams of CO2e, gCO2e/kWh, as the meter names say. <b>Thread-safety:</b>
 * registries read the gauges and counters from their own threads; the binder serialises its reads of the meter's
 * totals.
 */
package dev.greenslice.micrometer;
