package dev.greenslice.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Reads per-process utilization samples of one device handle (a GPU or a MIG device) into reusable arrays:
 * {@code nvmlDeviceGetProcessesUtilizationInfo} where the driver exports it (R545 and newer), else
 * {@code nvmlDeviceGetProcessUtilization}. The buffer grows when the driver answers INSUFFICIENT_SIZE with the count
 * it needs (the size query of nvml.h), so steady reads allocate nothing. Not thread-safe: one per reading thread.
 */
final class ProcessSampler {

    private static final String INFO = "nvmlDeviceGetProcessesUtilizationInfo";
    private static final String LEGACY = "nvmlDeviceGetProcessUtilization";
    /** The most samples one read takes: 100 periods of 640 processes. */
    static final int MAX_SAMPLES = 64_000;

    private final NvmlLibrary lib;
    private boolean info;
    private final Memory request = NvmlStructs.PROCESSES_UTILIZATION_INFO_V1.allocate(1);
    private final IntByReference count = new IntByReference();
    private Memory buffer;
    private int capacity;

    /** Samples of the last successful {@link #fetch}: {@code count} entries. */
    int samples;
    long[] pids = new long[0];
    long[] stamps = new long[0];
    int[] sm = new int[0];
    int[] mem = new int[0];

    ProcessSampler(NvmlLibrary lib) {
        this.lib = lib;
        this.info = lib.exports(INFO);
        grow(32);
    }

    /** @return the NVML function this sampler calls */
    String function() {
        return info ? INFO : LEGACY;
    }

    /**
     * Reads the samples later than {@code lastSeenMicros}.
     *
     * @return true with {@link #samples} filled, false when the driver has none (NOT_FOUND: no process used the
     *         device since then)
     * @throws NvmlException for any other answer (NOT_SUPPORTED on MIG-enabled GPUs, NO_PERMISSION, GPU_IS_LOST...)
     */
    boolean fetch(Pointer handle, String who, long lastSeenMicros) {
        for (int attempt = 0; attempt < 5; attempt++) {
            int rc = info ? callInfo(handle, who, lastSeenMicros) : callLegacy(handle, who, lastSeenMicros);
            if (rc == NvmlReturn.ARGUMENT_VERSION_MISMATCH.code() && info) {
                info = false; // a driver that knows another version of the struct: the older call has one layout
                continue;
            }
            if (rc == NvmlReturn.NOT_FOUND.code()) {
                samples = 0;
                return false;
            }
            if (rc == NvmlReturn.INSUFFICIENT_SIZE.code()) {
                long needed = Integer.toUnsignedLong(needed());
                if (needed > MAX_SAMPLES) {
                    // A driver keeps a few hundred samples per process; a count this large is garbage, not a buffer
                    // size to allocate.
                    throw lib.error(rc, function(), who, "processUtilization", "the driver asked for room for "
                            + needed + " samples; at most " + MAX_SAMPLES + " are read");
                }
                grow((int) Math.min(MAX_SAMPLES, Math.max(capacity * 2L, needed + 16)));
                continue;
            }
            if (rc == 0) {
                decode();
                return true;
            }
        }
        throw lib.error(NvmlReturn.INSUFFICIENT_SIZE.code(), function(), who, "processUtilization",
                "the list of samples kept growing");
    }

    private int needed() {
        return info ? request.getInt(NvmlStructs.PROCESSES_UTILIZATION_INFO_V1.offset("processSamplesCount"))
                : count.getValue();
    }

    private int callInfo(Pointer handle, String who, long lastSeen) {
        NativeLayout l = NvmlStructs.PROCESSES_UTILIZATION_INFO_V1;
        request.setInt(l.offset("version"), NvmlStructs.PROCESSES_UTILIZATION_INFO_V1_VERSION);
        request.setInt(l.offset("processSamplesCount"), capacity);
        request.setLong(l.offset("lastSeenTimeStamp"), lastSeen);
        request.setPointer(l.offset("procUtilArray"), buffer);
        return lib.call(who, "processUtilization", INFO,
                () -> lib.api().nvmlDeviceGetProcessesUtilizationInfo(handle, request),
                NvmlReturn.NOT_FOUND, NvmlReturn.INSUFFICIENT_SIZE, NvmlReturn.ARGUMENT_VERSION_MISMATCH);
    }

    private int callLegacy(Pointer handle, String who, long lastSeen) {
        count.setValue(capacity);
        return lib.call(who, "processUtilization", LEGACY,
                () -> lib.api().nvmlDeviceGetProcessUtilization(handle, buffer, count, lastSeen),
                NvmlReturn.NOT_FOUND, NvmlReturn.INSUFFICIENT_SIZE);
    }

    private void grow(int entries) {
        capacity = entries;
        int size = Math.max(NvmlStructs.PROCESS_UTILIZATION_INFO_V1.size(), NvmlStructs.PROCESS_UTILIZATION_SAMPLE.size());
        buffer = new Memory((long) size * entries);
        buffer.clear();
        pids = new long[entries];
        stamps = new long[entries];
        sm = new int[entries];
        mem = new int[entries];
    }

    private void decode() {
        NativeLayout l = info ? NvmlStructs.PROCESS_UTILIZATION_INFO_V1 : NvmlStructs.PROCESS_UTILIZATION_SAMPLE;
        int n = (int) Math.min(Integer.toUnsignedLong(needed()), capacity);
        for (int i = 0; i < n; i++) {
            long base = (long) i * l.size();
            pids[i] = Integer.toUnsignedLong(buffer.getInt(base + l.offset("pid")));
            stamps[i] = buffer.getLong(base + l.offset("timeStamp"));
            sm[i] = clampPercent(buffer.getInt(base + l.offset("smUtil")));
            mem[i] = clampPercent(buffer.getInt(base + l.offset("memUtil")));
        }
        samples = n;
    }

    /** A utilization outside 0-100 (a driver bug, or garbage) is clamped, never trusted as a weight. */
    private static int clampPercent(int raw) {
        long v = Integer.toUnsignedLong(raw);
        return (int) Math.min(100, v);
    }
}
