/**
 * NVIDIA GPUs through NVML, bound with JNA: a session ({@link dev.greenslice.nvml.Nvml}) finds devices
 * ({@link dev.greenslice.nvml.NvmlDevice}, a {@link dev.greenslice.carbon.gpu.GpuDevice}) by index, UUID, PCI bus
 * id or {@code CUDA_VISIBLE_DEVICES} entry and reads power, energy, clocks, memory, utilization and processes;
 * changes (locked clocks, power limits, MIG) are journaled and restored; and
 * {@link dev.greenslice.nvml.NvmlSensor} meters boards, MIG instances and per-process shares.
 *
 * <p><b>Units:</b> watts, joules, MHz, bytes or MiB as named; NVML's milliwatts and millijoules are converted at the
 * binding. <b>Thread-safety:</b> sessions and devices are thread-safe; a sensor is read by one thread at a time.
 * <b>Failures:</b> every NVML return code becomes an unchecked {@link dev.greenslice.nvml.NvmlException} naming
 * the code, function, device and fix. Without NVML, {@code NvmlSensor.builder().open()} goes on and says why.
 */
package dev.greenslice.nvml;
