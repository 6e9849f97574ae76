/**
 * Tuning the SM clock a shared GPU runs at for carbon: {@link dev.greenslice.estimators.tune.FrequencyTuners}
 * gives the offline tuner (from profiles, through the deployment model) and, in
 * {@code dev.greenslice.estimators.tune.online}, the tuner that measures a live or simulated GPU.
 *
 * <p><b>Units:</b> SM clocks in MHz, grams of CO2e, milliseconds of latency. <b>Thread-safety:</b> tuners are
 * stateless and thread-safe unless their own documentation says otherwise; results are immutable.
 */
package dev.greenslice.estimators.tune;
