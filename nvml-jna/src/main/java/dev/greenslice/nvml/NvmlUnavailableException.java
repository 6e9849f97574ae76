package dev.greenslice.nvml;

import dev.greenslice.carbon.UnavailableException;

import java.util.Objects;

/**
 * NVML cannot be used here: the library cannot be loaded or the driver not initialised. Thrown by
 * {@link Nvml#open(NvmlOptions)}; the same "not available" exception every GreenSlice entry point throws in its strict
 * form, so one {@code catch (UnavailableException e)} covers NVML, RAPL, the sensors and the live intensity providers.
 * Device errors once NVML is open stay {@link NvmlException}s.
 *
 * <p>The message is one line: the library tried, why it failed and the fix. Immutable; safe to share.
 */
public final class NvmlUnavailableException extends UnavailableException {

    private static final long serialVersionUID = 1L;

    /** The library file or name that was tried. */
    private final String library;
    /** Why NVML cannot be used. */
    private final String reason;
    /** What to do about it. */
    private final String fix;
    /** The NVML return code this amounts to. */
    private final int code;

    NvmlUnavailableException(NvmlUnavailable why, int code) {
        super("NVML", Objects.requireNonNull(why, "why").message());
        this.library = why.library();
        this.reason = why.reason();
        this.fix = why.fix();
        this.code = code;
    }

    /** @return the library file or name that was tried */
    public String library() {
        return library;
    }

    /** @return why NVML cannot be used, e.g. the loader's or {@code nvmlInit_v2}'s answer */
    public String reason() {
        return reason;
    }

    /** @return what to do about it */
    public String fix() {
        return fix;
    }

    /**
     * @return the NVML return code this amounts to: {@code NVML_ERROR_LIBRARY_NOT_FOUND} (12) when the library could
     *         not be loaded, {@code NVML_ERROR_DRIVER_NOT_LOADED} (9) when {@code nvmlInit_v2} failed
     */
    public int code() {
        return code;
    }
}
