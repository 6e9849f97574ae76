package dev.greenslice.nvml;

/**
 * GPU and memory utilization over the driver's last sample period ({@code nvmlUtilization_t}). Immutable.
 *
 * @param gpuPercent    percent of time a kernel ran, 0–100
 * @param memoryPercent percent of time device memory was read or written, 0–100
 */
public record DeviceUtilization(int gpuPercent, int memoryPercent) {

    /**
     * A utilization sample, in percent.
     *
     * @param gpuPercent    percent of time a kernel ran, 0–100
     * @param memoryPercent percent of time device memory was read or written, 0–100
     * @throws IllegalArgumentException if either figure is outside 0–100
     */
    public DeviceUtilization {
        if (gpuPercent < 0 || gpuPercent > 100 || memoryPercent < 0 || memoryPercent > 100) {
            throw new IllegalArgumentException("Utilization must be 0-100 %, got gpu " + gpuPercent + ", memory "
                    + memoryPercent);
        }
    }
}
