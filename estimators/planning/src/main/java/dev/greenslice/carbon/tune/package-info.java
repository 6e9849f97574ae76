/**
 * Tuning one GPU's SM clock for carbon: the {@link dev.greenslice.carbon.tune.FrequencyTuner} interface, its
 * request ({@link dev.greenslice.carbon.tune.TuningRequest}: the co-located models, intensity, embodied carbon)
 * and its result ({@link dev.greenslice.carbon.tune.TuningResult}: the whole carbon-versus-clock curve with
 * operational and embodied parts and SLO checks per clock, the chosen clock, or why none meets every SLO).
 *
 * <p>Implementations live in the estimators module (offline, from profiles) and wherever a live device is
 * driven (online).
 *
 * <p><b>Units:</b> SM clocks in MHz, grams of CO2e, milliseconds of latency. <b>Thread-safety:</b> requests and
 * results are immutable and thread-safe.
 */
package dev.greenslice.carbon.tune;
