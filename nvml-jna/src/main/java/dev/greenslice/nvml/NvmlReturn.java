package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDeviceException.Reason;

/**
 * The return codes of NVML ({@code nvmlReturn_t}), each with the device-independent {@link Reason} it maps to
 * and the fix to suggest.
 *
 * <p>Codes the binding does not know (a newer driver's) map to {@link #UNKNOWN}; {@link NvmlException#rawCode()}
 * keeps the number. Immutable and thread-safe.
 */
public enum NvmlReturn {
    /** The call succeeded. */
    SUCCESS(0, Reason.FAILED, ""),
    /** NVML was not initialised (or was shut down) before the call. */
    UNINITIALIZED(1, Reason.UNAVAILABLE,
            "the NVML session is closed or was never initialised; open one with Nvml.open()"),
    /** An argument was invalid: a handle, an index, a clock, a placement. */
    INVALID_ARGUMENT(2, Reason.INVALID_ARGUMENT,
            "check the value passed: clocks must be among the device's supported clocks, MIG placements among the "
                    + "profile's possible placements"),
    /** The device or driver does not offer the operation. */
    NOT_SUPPORTED(3, Reason.NOT_SUPPORTED,
            "this GPU or driver does not offer the feature (the energy counter needs Volta or newer, MIG an A100, "
                    + "A30, H100 or newer)"),
    /** The caller lacks the privilege the operation needs. */
    NO_PERMISSION(4, Reason.NO_PERMISSION,
            "run the process as root (or with CAP_SYS_ADMIN): clock locks, power limits and MIG configuration are "
                    + "privileged NVML calls"),
    /** Deprecated: NVML counts initialisations. */
    ALREADY_INITIALIZED(5, Reason.FAILED, "nothing to do: NVML counts initialisations"),
    /** The device, instance or object asked for does not exist. */
    NOT_FOUND(6, Reason.INVALID_ARGUMENT,
            "no such device or instance; list them with `greenslice gpus` or `nvidia-smi -L`"),
    /** A buffer the caller passed was too small. */
    INSUFFICIENT_SIZE(7, Reason.FAILED, "a buffer was too small; please report this as a GreenSlice bug"),
    /** The board's external power cables are not attached properly. */
    INSUFFICIENT_POWER(8, Reason.FAILED, "check that the GPU's external power cables are attached"),
    /** The NVIDIA kernel driver is not loaded. */
    DRIVER_NOT_LOADED(9, Reason.UNAVAILABLE,
            "the NVIDIA kernel driver is not loaded: install it or run `sudo modprobe nvidia`, or run on a GPU host"),
    /** The driver timed out. */
    TIMEOUT(10, Reason.FAILED, "the driver timed out; retry, and check `dmesg` for Xid errors"),
    /** The kernel saw an interrupt problem with the GPU. */
    IRQ_ISSUE(11, Reason.FAILED, "the kernel saw an interrupt problem with the GPU; check `dmesg` and reboot"),
    /** The NVML shared library could not be found or loaded. */
    LIBRARY_NOT_FOUND(12, Reason.UNAVAILABLE,
            "install the NVIDIA driver (libnvidia-ml.so.1), or name the library file with -Dgreenslice.nvml.library"),
    /** The loaded NVML does not implement the function (an older driver). */
    FUNCTION_NOT_FOUND(13, Reason.NOT_SUPPORTED,
            "the installed driver's libnvidia-ml does not export this function; upgrade the NVIDIA driver"),
    /** The GPU's infoROM is corrupted. */
    CORRUPTED_INFOROM(14, Reason.FAILED, "the GPU's infoROM is corrupted; contact the hardware vendor"),
    /** The GPU fell off the bus or stopped responding. */
    GPU_IS_LOST(15, Reason.DEVICE_LOST,
            "the GPU fell off the bus or stopped responding; check `dmesg` for Xid errors, then reset the GPU or reboot"),
    /** The GPU needs a reset before it can be used again. */
    RESET_REQUIRED(16, Reason.DEVICE_LOST, "reset the GPU (`sudo nvidia-smi -r -i INDEX`) or reboot"),
    /** The operating system or cgroups blocked the request. */
    OPERATING_SYSTEM(17, Reason.NO_PERMISSION,
            "the operating system or cgroups blocked access to /dev/nvidia*; check the container's device permissions"),
    /** The library and the kernel module are different driver versions. */
    LIB_RM_VERSION_MISMATCH(18, Reason.UNAVAILABLE,
            "libnvidia-ml and the kernel module are different versions; reboot after the driver upgrade"),
    /** The GPU or instance is in use (processes or compute instances on it). */
    IN_USE(19, Reason.IN_USE,
            "stop the processes using the GPU or MIG instance (see computeProcesses()), or pass force where offered"),
    /** The driver ran out of host memory. */
    MEMORY(20, Reason.FAILED, "the driver ran out of host memory"),
    /** The driver has no data for the query. */
    NO_DATA(21, Reason.FAILED, "the driver has no data for this query yet; retry later"),
    /** The vGPU operation is unavailable because ECC is enabled. */
    VGPU_ECC_NOT_SUPPORTED(22, Reason.NOT_SUPPORTED, "disable ECC for this vGPU operation"),
    /** Not enough free resources, other than memory (e.g. an overlapping MIG placement). */
    INSUFFICIENT_RESOURCES(23, Reason.INSUFFICIENT_RESOURCES,
            "the request overlaps existing MIG instances or needs more free slices; destroy instances first or "
                    + "choose another placement"),
    /** The frequency is not supported. */
    FREQ_NOT_SUPPORTED(24, Reason.INVALID_ARGUMENT, "choose a frequency from the device's supported clocks"),
    /** The struct version passed is not one the driver knows. */
    ARGUMENT_VERSION_MISMATCH(25, Reason.NOT_SUPPORTED,
            "the driver does not know this struct version; upgrade the NVIDIA driver"),
    /** The function is deprecated and no longer offered. */
    DEPRECATED(26, Reason.NOT_SUPPORTED, "the driver no longer offers this function"),
    /** The system is not ready for the request. */
    NOT_READY(27, Reason.FAILED, "the system is not ready; retry after the driver finishes initialising"),
    /** No GPUs were found. */
    GPU_NOT_FOUND(28, Reason.UNAVAILABLE, "no GPUs were found; check `nvidia-smi`"),
    /** The resource is not in a state that allows the operation. */
    INVALID_STATE(29, Reason.FAILED, "the resource is not in a state that allows this operation"),
    /** An internal driver error, or a code this binding does not know. */
    UNKNOWN(999, Reason.FAILED, "an internal driver error occurred; check `dmesg` and `nvidia-smi`");

    private static final NvmlReturn[] BY_CODE = new NvmlReturn[30];

    static {
        for (NvmlReturn r : values()) {
            if (r.code < BY_CODE.length) {
                BY_CODE[r.code] = r;
            }
        }
    }

    private final int code;
    private final Reason reason;
    private final String fix;

    NvmlReturn(int code, Reason reason, String fix) {
        this.code = code;
        this.reason = reason;
        this.fix = fix;
    }

    /** @return the numeric {@code nvmlReturn_t} value */
    public int code() {
        return code;
    }

    /** @return the device-independent reason callers act on */
    public Reason reason() {
        return reason;
    }

    /** @return what to do about it, one sentence */
    public String fix() {
        return fix;
    }

    /** @return the C constant, e.g. {@code NVML_ERROR_NO_PERMISSION} or {@code NVML_SUCCESS} */
    public String constantName() {
        return this == SUCCESS ? "NVML_SUCCESS" : "NVML_ERROR_" + name();
    }

    /**
     * The code with this number.
     *
     * @param code the {@code nvmlReturn_t} value a call returned
     * @return the code, {@link #UNKNOWN} for numbers this binding does not know
     */
    public static NvmlReturn of(int code) {
        if (code >= 0 && code < BY_CODE.length && BY_CODE[code] != null) {
            return BY_CODE[code];
        }
        return UNKNOWN;
    }
}
