package dev.greenslice.nvml;

import com.sun.jna.Pointer;

/**
 * The hot NVML calls by JNA direct mapping, bound by {@link HotCalls.Direct#bind} with
 * {@code Native.register(NvmlDirect.class, library)}. Calling them before that throws
 * {@link UnsatisfiedLinkError}; only {@link HotCalls.Direct} calls them.
 */
final class NvmlDirect {

    private NvmlDirect() {
    }

    static native int nvmlDeviceGetPowerUsage(Pointer device, Pointer power);

    static native int nvmlDeviceGetTotalEnergyConsumption(Pointer device, Pointer energy);

    static native int nvmlDeviceGetClockInfo(Pointer device, int type, Pointer clock);
}
