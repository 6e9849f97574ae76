package dev.greenslice.nvml;

/**
 * A GPU's current and maximum clocks ({@code nvmlDeviceGetClockInfo}, {@code nvmlDeviceGetMaxClockInfo}).
 * Immutable.
 *
 * @param smMhz        current SM clock, MHz
 * @param graphicsMhz  current graphics clock, MHz
 * @param memoryMhz    current memory clock, MHz
 * @param maxSmMhz     maximum SM clock, MHz
 * @param maxMemoryMhz maximum memory clock, MHz
 */
public record DeviceClocks(int smMhz, int graphicsMhz, int memoryMhz, int maxSmMhz, int maxMemoryMhz) {
}
