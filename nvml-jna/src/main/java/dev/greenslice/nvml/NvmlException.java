package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDeviceException;

/**
 * An NVML call failed: carries the {@link NvmlReturn} code (and the raw number), the C function, the device and
 * the driver's own {@code nvmlErrorString} text, and maps the code to a {@link GpuDeviceException.Reason}
 * so that code written against {@link dev.greenslice.carbon.gpu.GpuDevice} can act on it. The message names the
 * fix (for {@code NO_PERMISSION}, the privilege needed). A function missing from an old driver's library is
 * {@link NvmlReturn#FUNCTION_NOT_FOUND}.
 *
 * <p>Unchecked and immutable.
 */
public final class NvmlException extends GpuDeviceException {

    private static final long serialVersionUID = 1L;

    /** The return code, {@link NvmlReturn#UNKNOWN} for a number this binding does not know. */
    private final NvmlReturn code;
    /** The return code as the driver gave it. */
    private final int rawCode;
    /** The C function that failed, e.g. {@code nvmlDeviceSetGpuLockedClocks}. */
    private final String function;
    /** The driver's {@code nvmlErrorString} text, or empty when it gave none. */
    private final String errorString;

    NvmlException(String device, String operation, String function, int rawCode, String errorString, String detail) {
        this(device, operation, function, rawCode, errorString, detail, null);
    }

    NvmlException(String device, String operation, String function, int rawCode, String errorString, String detail,
                  Throwable cause) {
        super(device, operation, NvmlReturn.of(rawCode).reason(),
                message(function, rawCode, errorString, detail), cause);
        this.code = NvmlReturn.of(rawCode);
        this.rawCode = rawCode;
        this.function = function;
        this.errorString = errorString;
    }

    private static String message(String function, int rawCode, String errorString, String detail) {
        NvmlReturn r = NvmlReturn.of(rawCode);
        String constant = r == NvmlReturn.UNKNOWN && rawCode != 999 ? "NVML return code " + rawCode
                : r.constantName() + " (" + rawCode + ")";
        StringBuilder sb = new StringBuilder(function).append(" returned ").append(constant);
        if (errorString != null && !errorString.isBlank()) {
            sb.append(" \"").append(errorString).append('"');
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        sb.append(". Fix: ").append(r.fix());
        return sb.toString();
    }

    /** @return the NVML return code */
    public NvmlReturn code() {
        return code;
    }

    /** @return the numeric return code as the driver gave it (may be one {@link NvmlReturn} does not know) */
    public int rawCode() {
        return rawCode;
    }

    /** @return the C function that failed, e.g. {@code nvmlDeviceSetGpuLockedClocks} */
    public String function() {
        return function;
    }

    /** @return the driver's text for the code ({@code nvmlErrorString}), or empty if it gave none */
    public String errorString() {
        return errorString == null ? "" : errorString;
    }
}
