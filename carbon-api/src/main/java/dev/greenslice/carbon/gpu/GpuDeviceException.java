package dev.greenslice.carbon.gpu;

/**
 * A GPU operation failed. Carries the device, the operation and a {@link Reason} that callers can act on;
 * the message says what to do about it (e.g. the privilege needed for clock control).
 *
 * <p>Unchecked: device faults are rare and callers on the hot path never see them (sensors turn them
 * into unavailable readings).
 */
public class GpuDeviceException extends RuntimeException {

    /** Why an operation failed, independent of the driver API that reported it. */
    public enum Reason {
        /** The device or driver does not offer this operation. */
        NOT_SUPPORTED,
        /** The caller lacks the privilege (root, or CAP_SYS_ADMIN) to change device state. */
        NO_PERMISSION,
        /** The device is busy (processes running, MIG instance in use). */
        IN_USE,
        /** The request is not valid for this device (unsupported clock, invalid MIG placement). */
        INVALID_ARGUMENT,
        /** The device has too few free resources for the request (e.g. overlapping MIG placement). */
        INSUFFICIENT_RESOURCES,
        /** The device fell off the bus or stopped responding. */
        DEVICE_LOST,
        /** The driver or library is missing or not loaded. */
        UNAVAILABLE,
        /** Any other failure. */
        FAILED
    }

    /** The device, e.g. {@code "gpu:0"}. */
    private final String device;
    /** The operation that failed, e.g. {@code "lockSmClock"}. */
    private final String operation;
    /** Why it failed. */
    private final Reason reason;

    /**
     * A failure without an underlying exception.
     *
     * @param device    the device, e.g. {@code "gpu:0"}
     * @param operation the operation that failed, e.g. {@code "lockSmClock"}
     * @param reason    why, for callers to act on
     * @param message   what happened and what to do about it; the exception's message prefixes the device,
     *                  operation and reason
     */
    public GpuDeviceException(String device, String operation, Reason reason, String message) {
        this(device, operation, reason, message, null);
    }

    /**
     * A failure caused by another exception.
     *
     * @param device    the device, e.g. {@code "gpu:0"}
     * @param operation the operation that failed, e.g. {@code "lockSmClock"}
     * @param reason    why, for callers to act on
     * @param message   what happened and what to do about it; the exception's message prefixes the device,
     *                  operation and reason
     * @param cause     the underlying failure, or null
     */
    public GpuDeviceException(String device, String operation, Reason reason, String message, Throwable cause) {
        super(device + ": " + operation + " failed (" + reason + "): " + message, cause);
        this.device = device;
        this.operation = operation;
        this.reason = reason;
    }

    /** @return the device, e.g. {@code "gpu:0"} */
    public String device() {
        return device;
    }

    /** @return the operation that failed, e.g. {@code "lockSmClock"} */
    public String operation() {
        return operation;
    }

    /** @return why it failed */
    public Reason reason() {
        return reason;
    }
}
