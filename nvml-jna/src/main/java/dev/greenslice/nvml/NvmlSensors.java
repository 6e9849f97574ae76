package dev.greenslice.nvml;

/**
 * Factories for {@link NvmlSensor}: every GPU, the GPUs {@code CUDA_VISIBLE_DEVICES} shows this process, or a
 * {@link NvmlSensor.Builder} for anything else. Stateless and thread-safe.
 *
 * <pre>{@code
 * CarbonMeter.builder().sensor(NvmlSensors.allGpus())...
 * }</pre>
 */
public final class NvmlSensors {

    private NvmlSensors() {
    }

    /**
     * Every GPU with its MIG instances, from the system's NVML (or {@code -Dgreenslice.nvml.library}). Without
     * NVML the sensor has no domains and {@link NvmlSensor#unavailable()} says why, so a meter goes on without
     * GPU domains.
     *
     * @return the sensor; close it when done
     */
    public static NvmlSensor allGpus() {
        return builder().buildOrEmpty();
    }

    /**
     * Like {@link #allGpus()} with these options.
     *
     * @param options the library file (e.g. a simulated libnvidia-ml), journal directory and clock
     * @return the sensor, with no domains if NVML cannot be opened; close it when done
     */
    public static NvmlSensor allGpus(NvmlOptions options) {
        return builder().options(options).buildOrEmpty();
    }

    /**
     * The GPUs and MIG instances {@code CUDA_VISIBLE_DEVICES} shows this process.
     *
     * @return the sensor, with no domains without NVML; close it when done
     */
    public static NvmlSensor visibleGpus() {
        return builder().cudaVisibleDevices(System.getenv("CUDA_VISIBLE_DEVICES")).buildOrEmpty();
    }

    /** @return a builder for devices, periods and MIG apportionment */
    public static NvmlSensor.Builder builder() {
        return new NvmlSensor.Builder();
    }
}
