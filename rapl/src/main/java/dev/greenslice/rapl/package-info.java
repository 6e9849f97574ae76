/**
 * CPU package, core, uncore, DRAM and psys energy from Linux RAPL, as a
 * {@link dev.greenslice.carbon.sensor.EnergySensor} for the {@code CarbonMeter}.
 *
 * <pre>{@code
 * EnergySensor cpu;
 * try {
 *     cpu = RaplSensor.autodetect();          // powercap, then perf_event, then MSR; name() says which
 * } catch (RaplUnavailableException e) {
 *     log.warn(e.getMessage());               // each backend tried, why it failed, how to fix it
 *     cpu = CpuTimeSensor.forThisProcess();   // the estimate that works everywhere
 * }
 * try (CarbonMeter meter = CarbonMeter.builder().sensor(cpu).sampled(Duration.ofMillis(100)).build()) { ... }
 * }</pre>
 *
 * <p>In a container that mounts the host's {@code /sys/devices/virtual/powercap} read-only at another path,
 * use {@link dev.greenslice.rapl.RaplSensor#at(java.nio.file.Path)}; to choose backends and their order, use
 * {@link dev.greenslice.rapl.RaplSensor#builder()}.
 */
package dev.greenslice.rapl;
