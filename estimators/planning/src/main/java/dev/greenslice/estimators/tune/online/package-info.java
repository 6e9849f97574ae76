/**
 * Online frequency tuning: choosing a live GPU's SM clock for carbon by measuring it.
 *
 * <p>{@link dev.greenslice.estimators.tune.online.OnlineFrequencyTuner} locks candidate clocks chosen by a
 * {@link dev.greenslice.estimators.tune.online.ClockSearch} (Fibonacci search by default: at most 5 probes of 15
 * clocks), meters one {@link dev.greenslice.estimators.tune.online.ProbeLoad#serve()} at each with a
 * {@link dev.greenslice.carbon.meter.CarbonMeter}, locks the clock with the least carbon per request that meets every
 * SLO, and re-tunes as the grid's intensity moves ({@link dev.greenslice.estimators.tune.online.RetunePolicy}). It
 * drives any {@link dev.greenslice.carbon.gpu.GpuDevice}: NVML devices, or the simulated GPU with
 * the simulator's {@code SimulatedTraffic} (artifact {@code greenslice-simulator}) as its load. Its curve is the offline tuner's
 * {@link dev.greenslice.carbon.tune.TuningResult}, per request.
 *
 * <p><b>Units:</b> SM clocks in MHz, grams of CO2e per request, milliseconds of latency. <b>Thread-safety:</b> a
 * tuner is thread-safe ({@code tune}, {@code maintain}, {@code restore} and {@code close} serialize on it); its
 * builder is not.
 */
package dev.greenslice.estimators.tune.online;
