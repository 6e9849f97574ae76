/**
 * CPU package, core, uncore, DRAM and psys energy from Linux RAPL, as a
 * {@link dev.greenslice.carbon.sensor.EnergySensor} for the {@code CarbonMeter}.
 *
 * <pre>{@code
 * EnergySensor cpu = RaplSensor.builder().open();          // powercap, then perf_event, then MSR
 * if (cpu.unavailability().isPresent()) {                   // each backend tried, why it failed, the fix
 *     log.warn(cpu.unavailability().get().getMessage());
 *     cpu = CpuTimeSensor.builder().open();                 // the estimate that works everywhere
 * }
 * try (CarbonMeter meter = CarbonMeter.builder().sensor(cpu).sampled(Duration.ofMillis(100)).build()) { ... }
 * }</pre>
 *
 * <p>Given to a meter as it is, an unavailable RAPL sensor has no domains and every report says why.
 *
 * <p>Where a figure without RAPL would be wrong (a benchmark of the CPU's energy), use
 * {@link dev.greenslice.rapl.RaplSensor.Builder#openOrThrow()}, which throws the
 * {@link dev.greenslice.rapl.RaplUnavailableException} instead. In a container that mounts the host's
 * {@code /sys/devices/virtual/powercap} read-only at another path, set
 * {@link dev.greenslice.rapl.RaplSensor.Builder#powercapRoot(java.nio.file.Path)}; to choose backends and their
 * order, {@link dev.greenslice.rapl.RaplSensor.Builder#backends(dev.greenslice.rapl.RaplBackend...)}.
 *
 * <p><b>Units:</b> joules counted since the sensor opened. <b>Thread-safety:</b> one thread reads a sensor at a
 * time (the meter's sampler); {@code close()} from any thread. Everything but {@code RaplSensor},
 * {@code RaplBackend} and {@code RaplUnavailableException} is package-private: the sysfs, perf_event and MSR
 * access behind them can be faked in tests and changed without breaking callers.
 */
package dev.greenslice.rapl;
