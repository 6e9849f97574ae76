package dev.greenslice.nvml;

/**
 * One process's utilization of a GPU during one of the driver's sampling periods, as
 * {@code nvmlDeviceGetProcessUtilization} and {@code nvmlDeviceGetProcessesUtilizationInfo} report it. The driver
 * lists a process for a period only if it used the GPU in it. Immutable.
 *
 * @param pid             the process id
 * @param timestampMicros the end of the sampling period, the driver's CPU timestamp in microseconds; pass the
 *                        largest one seen to {@link NvmlDevice#processUtilization(long)} to get only newer samples
 * @param smPercent       the share of the period in which a kernel of the process ran on the SMs, percent (0-100)
 * @param memoryPercent   the share of the period in which the process read or wrote frame-buffer memory, percent
 */
public record ProcessUtilizationSample(long pid, long timestampMicros, int smPercent, int memoryPercent) {
}
