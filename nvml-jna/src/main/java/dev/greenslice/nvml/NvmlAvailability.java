package dev.greenslice.nvml;

/**
 * The answer to "can this process use NVML?": either an open {@link Nvml} session or {@link NvmlUnavailable}
 * with the reason and the fix. Returned by {@link Nvml#tryOpen(NvmlOptions)} so that callers (the meter, the
 * command line) go on without GPUs instead of failing.
 */
public sealed interface NvmlAvailability permits Nvml, NvmlUnavailable {

    /** @return true for an open session */
    boolean isAvailable();
}
