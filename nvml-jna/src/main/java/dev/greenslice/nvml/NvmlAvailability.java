package dev.greenslice.nvml;

/**
 * The answer to "can this process use NVML?": either an open {@link Nvml} session or {@link NvmlUnavailable}
 * with the reason and the fix. Returned by {@link Nvml#tryOpen(NvmlOptions)} so that callers (the meter, the
 * command line) go on without GPUs instead of failing.
 *
 * @deprecated GreenSlice has one "not available" idiom: an unchecked exception, held by the sensor when it goes
 *             on without its hardware ({@link dev.greenslice.carbon.UnavailableException}). Use
 *             {@link NvmlSensor#builder()}{@code .open()} and {@link NvmlSensor#unavailability()} to go on without
 *             GPUs, or {@link Nvml#open(NvmlOptions)}, which throws {@link NvmlUnavailableException} (an
 *             {@code UnavailableException} with the same reason and fix) without NVML.
 */
@Deprecated(since = "0.2.0")
public sealed interface NvmlAvailability permits Nvml, NvmlUnavailable {

    /** @return true for an open session */
    boolean isAvailable();
}
