/**
 * The sensor SPI and the one way sensors are obtained: {@link dev.greenslice.carbon.sensor.EnergySensor}
 * reads cumulative energy or power per {@link dev.greenslice.carbon.sensor.SensorDomain} into a
 * {@link dev.greenslice.carbon.sensor.SensorReadout}, each reading of a
 * {@link dev.greenslice.carbon.sensor.ReadingKind}; every sensor is opened through a
 * {@link dev.greenslice.carbon.sensor.SensorBuilder}, whose {@code open()} goes on without the hardware (the sensor
 * then says why in {@code unavailability()}, and so does every report) and whose {@code openOrThrow()} throws
 * {@link dev.greenslice.carbon.UnavailableException}. {@link dev.greenslice.carbon.sensor.CpuTimeSensor} is the
 * estimate that works everywhere.
 *
 * <p><b>Units:</b> joules for energy kinds, watts for power kinds. <b>Thread-safety:</b> a meter never reads one
 * sensor from two threads at once, so implementations need not synchronise {@code read}; {@code close()} is
 * idempotent. Builders are not thread-safe.
 */
package dev.greenslice.carbon.sensor;
