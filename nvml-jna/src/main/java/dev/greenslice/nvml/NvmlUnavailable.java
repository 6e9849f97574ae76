package dev.greenslice.nvml;

import java.util.Objects;

/**
 * NVML cannot be used in this process: the library is missing, is not NVML, or the driver is not loaded.
 * Immutable.
 *
 * @param library what was tried: the file named by the caller or the names searched
 * @param reason  what went wrong, e.g. {@code "libnvidia-ml.so.1 not found (…)"} or the {@code nvmlInit_v2} error
 * @param fix     what to do about it
 * @deprecated with {@link NvmlAvailability}: {@link NvmlSensor#unavailability()} gives the same message as an
 *             {@link dev.greenslice.carbon.UnavailableException}; {@link Nvml#open(NvmlOptions)} throws it as an
 *             {@link NvmlUnavailableException}
 */
@Deprecated(since = "0.2.0")
public record NvmlUnavailable(String library, String reason, String fix) implements NvmlAvailability {

    /**
     * Why NVML could not be used and what to do about it.
     *
     * @param library what was tried: the file named by the caller or the names searched
     * @param reason  what went wrong, e.g. {@code "libnvidia-ml.so.1 not found (…)"} or the {@code nvmlInit_v2} error
     * @param fix     what to do about it
     * @throws NullPointerException if any argument is null
     */
    public NvmlUnavailable {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    /** @return one line: {@code NVML is not available (LIBRARY): REASON. Fix: FIX} */
    public String message() {
        return "NVML is not available (" + library + "): " + reason + ". Fix: " + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
