package dev.greenslice.nvml;

/**
 * Factories for {@link NvmlSensor}: every GPU, the GPUs {@code CUDA_VISIBLE_DEVICES} shows this process, or a
 * {@link NvmlSensor.Builder} for anything else. Stateless and thread-safe.
 *
 * @deprecated use {@link NvmlSensor#builder()} and {@link NvmlSensor.Builder#open()} (or
 *             {@link NvmlSensor.Builder#openOrThrow()}), as every sensor is opened: {@code allGpus()} is
 *             {@code NvmlSensor.builder().open()}, {@code visibleGpus()} is
 *             {@code NvmlSensor.builder().cudaVisibleDevices(System.getenv("CUDA_VISIBLE_DEVICES")).open()}
 */
@Deprecated(since = "0.2.0")
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
        return NvmlSensor.builder().open();
    }

    /**
     * Like {@link #allGpus()} with these options.
     *
     * @param options the library file (e.g. a simulated libnvidia-ml), journal directory and clock
     * @return the sensor, with no domains if NVML cannot be opened; close it when done
     */
    public static NvmlSensor allGpus(NvmlOptions options) {
        return NvmlSensor.builder().options(options).open();
    }

    /**
     * The GPUs and MIG instances {@code CUDA_VISIBLE_DEVICES} shows this process.
     *
     * @return the sensor, with no domains without NVML; close it when done
     */
    public static NvmlSensor visibleGpus() {
        return NvmlSensor.builder().cudaVisibleDevices(System.getenv("CUDA_VISIBLE_DEVICES")).open();
    }

    /** @return a builder for devices, periods and MIG apportionment */
    public static NvmlSensor.Builder builder() {
        return NvmlSensor.builder();
    }
}
