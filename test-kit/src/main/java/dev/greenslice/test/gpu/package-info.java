/**
 * The contract every {@link dev.greenslice.carbon.gpu.GpuDevice} meets:
 * {@link dev.greenslice.test.gpu.GpuDeviceContract}, which NVML devices (on the simulated libnvidia-ml) and
 * the simulated GPU both run.
 */
package dev.greenslice.test.gpu;
