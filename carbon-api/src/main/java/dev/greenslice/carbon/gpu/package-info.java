/**
 * A GPU as GreenSlice sees it, whatever drives it: the {@link dev.greenslice.carbon.gpu.GpuDevice}
 * interface (power, energy, clocks, MIG), implemented by NVML (nvml-jna) and by the simulated GPU (estimators);
 * the errors it raises ({@link dev.greenslice.carbon.gpu.GpuDeviceException} with a
 * {@link dev.greenslice.carbon.gpu.GpuDeviceException.Reason} code can act on); the
 * {@link dev.greenslice.carbon.gpu.GpuDeviceSensor} that meters any of them; and the catalogue of GPU models
 * ({@link dev.greenslice.carbon.gpu.GpuCatalog}, {@link dev.greenslice.carbon.gpu.GpuModel},
 * {@link dev.greenslice.carbon.gpu.GpuDie}) with their dies, memory, board power and MIG tables.
 *
 * <p><b>Units:</b> watts, joules, SM and memory clocks in MHz, memory in MiB or GB as named. <b>Thread-safety:</b>
 * catalogue entries are immutable; each {@code GpuDevice} implementation states its own (NVML's and the simulated
 * GPU's are thread-safe). Device errors are unchecked {@code GpuDeviceException}s.
 */
package dev.greenslice.carbon.gpu;
