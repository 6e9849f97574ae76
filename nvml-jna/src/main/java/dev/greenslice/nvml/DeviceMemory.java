package dev.greenslice.nvml;

import java.util.OptionalLong;

/**
 * A GPU's frame-buffer memory as NVML reports it ({@code nvmlMemory_v2_t}, or {@code nvmlMemory_t} on drivers
 * without the v2 call). Immutable.
 *
 * @param totalBytes    physical device memory, bytes
 * @param reservedBytes memory reserved by the driver and firmware, bytes; empty on drivers without
 *                      {@code nvmlDeviceGetMemoryInfo_v2}, where it is counted in {@code usedBytes}
 * @param freeBytes     unallocated memory, bytes
 * @param usedBytes     allocated memory, bytes
 */
public record DeviceMemory(long totalBytes, OptionalLong reservedBytes, long freeBytes, long usedBytes) {

    /**
     * Memory figures as NVML reports them, in bytes.
     *
     * @param totalBytes    physical device memory, bytes
     * @param reservedBytes memory reserved by the driver and firmware, bytes; empty on drivers without {@code
     *                      nvmlDeviceGetMemoryInfo_v2}, where it is counted in {@code usedBytes}
     * @param freeBytes     unallocated memory, bytes
     * @param usedBytes     allocated memory, bytes
     * @throws IllegalArgumentException if the total, free or used figure is negative
     */
    public DeviceMemory {
        if (totalBytes < 0 || freeBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException("Memory figures must be non-negative: total " + totalBytes
                    + ", free " + freeBytes + ", used " + usedBytes);
        }
    }
}
