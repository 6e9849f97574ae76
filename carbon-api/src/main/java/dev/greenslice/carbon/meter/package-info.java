/**
 * Metering blocks of work: a {@link dev.greenslice.carbon.meter.CarbonMeter}, built with
 * {@link dev.greenslice.carbon.meter.CarbonMeterBuilder} over {@linkplain dev.greenslice.carbon.sensor sensors},
 * an intensity source and embodied models, opens try-with-resources
 * {@link dev.greenslice.carbon.meter.Measurement} windows whose {@link dev.greenslice.carbon.meter.CarbonReport}
 * gives the energy per domain ({@link dev.greenslice.carbon.meter.DomainEnergy}) with how it was obtained or why
 * it is unavailable, operational and embodied carbon with ranges, and every assumption; running totals are
 * {@link dev.greenslice.carbon.meter.MeterTotals}.
 *
 * <p><b>Units:</b> joules, grams of CO2e, gCO2e/kWh, durations. <b>Thread-safety:</b> a meter is thread-safe:
 * windows open, nest and overlap across threads, and in sampled mode the calling thread does no I/O. Reports are
 * immutable. Closing a window never throws for a sensor or intensity fault: the report says what failed.
 */
package dev.greenslice.carbon.meter;
