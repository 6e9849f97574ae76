/**
 * Metering the GPU energy of a Triton Inference Server from a Java client:
 * {@link dev.greenslice.triton.TritonMetricsSensor} reads Triton's Prometheus metrics ({@code nv_energy_consumption},
 * {@code nv_gpu_power_usage}) as an {@link dev.greenslice.carbon.sensor.EnergySensor}, opened like every sensor with
 * {@code TritonMetricsSensor.builder(uri).open()} (which goes on, and says why, when the server cannot be reached).
 *
 * <p><b>Units:</b> joules and watts, as Triton publishes them. <b>Thread-safety:</b> a sensor is read by one
 * thread at a time; {@code close()} from any thread. Only the configured URL is contacted.
 */
package dev.greenslice.triton;
