package dev.greenslice.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.GpuDevice;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.GpuModel;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.nvml.mig.MigControl;
import dev.greenslice.nvml.mig.MigMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One physical NVIDIA GPU through NVML: identity, memory, utilization, power (board power, and the
 * {@code POWER_INSTANT}/{@code POWER_AVERAGE} field values), total energy, clocks, power limits, running compute
 * processes, MIG, and clock and power-limit control. Implements carbon-api's {@link GpuDevice}, so the frequency
 * tuner, the MIG applier and the meter run on it unchanged.
 *
 * <p><b>Units.</b> Power as {@link Power} (NVML reports mW), energy as {@link Energy} (NVML: mJ since the driver
 * loaded), clocks in MHz, memory in bytes.
 *
 * <p><b>Safety.</b> Whatever this handle changes — locked SM clocks, the power limit, MIG instances — is
 * journaled before the change and restored on {@link #close()}, on {@link #restore()}, and by a JVM shutdown
 * hook; if the process dies in between, the next {@link Nvml#open} reports it as an {@link AbandonedChange}.
 * A restore does not overwrite a value someone else changed after this handle (power limit, MIG layout): it
 * reports the conflict instead.
 *
 * <p><b>Failures</b> are {@link NvmlException}s carrying the NVML code, function and device; missing privilege is
 * {@code NO_PERMISSION} with the fix; a function the driver lacks is {@code FUNCTION_NOT_FOUND} for that call only.
 *
 * <p><b>Threading.</b> Thread-safe. Each handle holds a reference on the NVML library; close it when done.
 */
public final class NvmlDevice implements GpuDevice {

    private static final System.Logger LOG = System.getLogger(NvmlDevice.class.getName());
    private static final ThreadLocal<Memory> SCRATCH = ThreadLocal.withInitial(() -> new Memory(8));

    private final NvmlLibrary lib;
    private final NvmlNative api;
    private final NvmlOptions options;
    private final Pointer handle;
    private final int index;
    private final String name;
    private final String uuid;
    private final String pciBusId;
    private final String id;
    private final Object lock = new Object();
    private final DeviceChanges changes;
    private final NvmlMigControl mig;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes over one library reference, released on {@link #close()} (or here, if reading the identity fails). */
    NvmlDevice(NvmlLibrary lib, NvmlOptions options, Pointer handle) {
        this.lib = lib;
        this.api = lib.api();
        this.options = options;
        this.handle = handle;
        try {
            IntByReference idx = new IntByReference();
            lib.call("gpu:?", "open", "nvmlDeviceGetIndex", () -> api.nvmlDeviceGetIndex(handle, idx));
            this.index = idx.getValue();
            this.id = "gpu:" + index;
            byte[] buf = new byte[NvmlStructs.NAME_BUFFER];
            lib.call(id, "open", "nvmlDeviceGetName", () -> api.nvmlDeviceGetName(handle, buf, buf.length));
            this.name = NvmlLibrary.cString(buf);
            byte[] ubuf = new byte[NvmlStructs.UUID_BUFFER];
            lib.call(id, "open", "nvmlDeviceGetUUID", () -> api.nvmlDeviceGetUUID(handle, ubuf, ubuf.length));
            this.uuid = NvmlLibrary.cString(ubuf);
            Memory pci = NvmlStructs.PCI_INFO.allocate(1);
            lib.call(id, "open", "nvmlDeviceGetPciInfo_v3", () -> api.nvmlDeviceGetPciInfo_v3(handle, pci));
            byte[] bus = pci.getByteArray(NvmlStructs.PCI_INFO.offset("busId"), 32);
            this.pciBusId = NvmlLibrary.cString(bus);
        } catch (RuntimeException e) {
            lib.release();
            throw e;
        }
        this.changes = new DeviceChanges(new RestoreJournal(options.journalDirectory(), options.clock()), id, index,
                uuid, name, pciBusId);
        this.mig = new NvmlMigControl(this, lib, handle);
    }

    // ---------------------------------------------------------------------------------------------- identity

    @Override
    public int index() {
        return index;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    /** @return the PCI bus id, e.g. {@code 00000000:07:00.0} */
    public String pciBusId() {
        return pciBusId;
    }

    /** @return the catalog entry the options' lookup finds for {@link #name()}, if any */
    @Override
    public Optional<GpuModel> model() {
        return options.models().apply(name);
    }

    /** @return the library this handle uses, e.g. its file name */
    public String library() {
        return lib.name();
    }

    Pointer handle() {
        return handle;
    }

    NvmlLibrary lib() {
        return lib;
    }

    Object lock() {
        return lock;
    }

    // ----------------------------------------------------------------------------------------------- queries

    /** @return frame-buffer memory; {@code nvmlMemory_v2_t} where the driver has it, else {@code nvmlMemory_t} */
    public DeviceMemory memory() {
        ensureOpen();
        if (lib.exports("nvmlDeviceGetMemoryInfo_v2")) {
            Memory m = NvmlStructs.MEMORY_V2.allocate(1);
            m.setInt(NvmlStructs.MEMORY_V2.offset("version"), NvmlStructs.MEMORY_V2_VERSION);
            int rc = lib.call(id, "memory", "nvmlDeviceGetMemoryInfo_v2",
                    () -> api.nvmlDeviceGetMemoryInfo_v2(handle, m), NvmlReturn.ARGUMENT_VERSION_MISMATCH);
            if (rc == 0) {
                return new DeviceMemory(m.getLong(NvmlStructs.MEMORY_V2.offset("total")),
                        OptionalLong.of(m.getLong(NvmlStructs.MEMORY_V2.offset("reserved"))),
                        m.getLong(NvmlStructs.MEMORY_V2.offset("free")), m.getLong(NvmlStructs.MEMORY_V2.offset("used")));
            }
        }
        Memory m = NvmlStructs.MEMORY.allocate(1);
        lib.call(id, "memory", "nvmlDeviceGetMemoryInfo", () -> api.nvmlDeviceGetMemoryInfo(handle, m));
        return new DeviceMemory(m.getLong(NvmlStructs.MEMORY.offset("total")), OptionalLong.empty(),
                m.getLong(NvmlStructs.MEMORY.offset("free")), m.getLong(NvmlStructs.MEMORY.offset("used")));
    }

    /** @return GPU and memory utilization over the driver's last sample period */
    public DeviceUtilization utilization() {
        ensureOpen();
        Memory m = NvmlStructs.UTILIZATION.allocate(1);
        lib.call(id, "utilization", "nvmlDeviceGetUtilizationRates", () -> api.nvmlDeviceGetUtilizationRates(handle, m));
        return new DeviceUtilization(m.getInt(NvmlStructs.UTILIZATION.offset("gpu")),
                m.getInt(NvmlStructs.UTILIZATION.offset("memory")));
    }

    /** @return the board power now ({@code nvmlDeviceGetPowerUsage}) */
    @Override
    public Power power() {
        ensureOpen();
        Memory out = SCRATCH.get();
        int rc = lib.hot().powerUsage(handle, out);
        if (rc != 0) {
            throw lib.error(rc, "nvmlDeviceGetPowerUsage", id, "power", null);
        }
        return Power.ofMilliwatts(Integer.toUnsignedLong(out.getInt(0)));
    }

    /**
     * Reads the board power as a field value ({@code nvmlDeviceGetFieldValues}, GPU scope).
     *
     * @param field the instantaneous or the 1-s average reading
     * @return the board power
     * @throws NvmlException NOT_SUPPORTED where the device lacks the field (AVERAGE on GA100), FUNCTION_NOT_FOUND on
     *                       drivers without field values
     */
    public Power power(PowerField field) {
        ensureOpen();
        NativeLayout l = NvmlStructs.FIELD_VALUE;
        Memory m = l.allocate(1);
        m.setInt(l.offset("fieldId"), field.fieldId());
        m.setInt(l.offset("scopeId"), 0);
        String op = "power(" + field + ")";
        lib.call(id, op, "nvmlDeviceGetFieldValues", () -> api.nvmlDeviceGetFieldValues(handle, 1, m));
        int rc = m.getInt(l.offset("nvmlReturn"));
        if (rc != 0) {
            throw lib.error(rc, "nvmlDeviceGetFieldValues(" + field.constantName() + ")", id, op, null);
        }
        int type = m.getInt(l.offset("valueType"));
        long off = l.offset("value");
        double milliwatts;
        switch (type) {
            case NvmlStructs.VALUE_TYPE_DOUBLE: milliwatts = m.getDouble(off); break;
            case NvmlStructs.VALUE_TYPE_UNSIGNED_INT: milliwatts = Integer.toUnsignedLong(m.getInt(off)); break;
            case NvmlStructs.VALUE_TYPE_SIGNED_INT: milliwatts = m.getInt(off); break;
            case NvmlStructs.VALUE_TYPE_UNSIGNED_LONG:
            case NvmlStructs.VALUE_TYPE_UNSIGNED_LONG_LONG:
            case NvmlStructs.VALUE_TYPE_SIGNED_LONG_LONG: milliwatts = m.getLong(off); break;
            default:
                throw new GpuDeviceException(id, op, GpuDeviceException.Reason.FAILED, "nvmlDeviceGetFieldValues("
                        + field.constantName() + ") returned value type " + type + ", which this binding cannot read");
        }
        return Power.ofMilliwatts(milliwatts);
    }

    /** @return cumulative board energy since the driver loaded; empty where the GPU has no counter (pre-Volta) */
    @Override
    public Optional<Energy> totalEnergy() {
        ensureOpen();
        Memory out = SCRATCH.get();
        int rc = lib.hot().totalEnergy(handle, out);
        if (rc == NvmlReturn.NOT_SUPPORTED.code()) {
            return Optional.empty();
        }
        if (rc != 0) {
            throw lib.error(rc, "nvmlDeviceGetTotalEnergyConsumption", id, "totalEnergy", null);
        }
        return Optional.of(Energy.ofMillijoules(unsigned(out.getLong(0))));
    }

    /** @return an unsigned 64-bit value as a double */
    static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    /** @return current and maximum clocks */
    public DeviceClocks clocks() {
        ensureOpen();
        return new DeviceClocks(clock("nvmlDeviceGetClockInfo", NvmlStructs.CLOCK_SM, false),
                clock("nvmlDeviceGetClockInfo", NvmlStructs.CLOCK_GRAPHICS, false),
                clock("nvmlDeviceGetClockInfo", NvmlStructs.CLOCK_MEM, false),
                clock("nvmlDeviceGetMaxClockInfo", NvmlStructs.CLOCK_SM, true),
                clock("nvmlDeviceGetMaxClockInfo", NvmlStructs.CLOCK_MEM, true));
    }

    private int clock(String function, int type, boolean max) {
        IntByReference v = new IntByReference();
        if (max) {
            lib.call(id, "clocks", function, () -> api.nvmlDeviceGetMaxClockInfo(handle, type, v));
            return v.getValue();
        }
        Memory out = SCRATCH.get();
        int rc = lib.hot().clockInfo(handle, type, out);
        if (rc != 0) {
            throw lib.error(rc, function, id, "clocks", null);
        }
        return out.getInt(0);
    }

    @Override
    public int smClockMhz() {
        ensureOpen();
        return clock("nvmlDeviceGetClockInfo", NvmlStructs.CLOCK_SM, false);
    }

    /** @return the memory clocks the device supports, MHz, highest first */
    public List<Integer> supportedMemoryClocksMhz() {
        ensureOpen();
        return clockList("supportedMemoryClocksMhz", "nvmlDeviceGetSupportedMemoryClocks",
                (count, buf) -> api.nvmlDeviceGetSupportedMemoryClocks(handle, count, buf));
    }

    /**
     * The graphics (SM) clocks the device supports at one memory clock.
     *
     * @param memoryClockMhz one of {@link #supportedMemoryClocksMhz()}, in MHz
     * @return the clocks in MHz, highest first
     * @throws NvmlException NOT_FOUND for a memory clock the device does not support
     */
    public List<Integer> supportedGraphicsClocksMhz(int memoryClockMhz) {
        ensureOpen();
        return clockList("supportedGraphicsClocksMhz", "nvmlDeviceGetSupportedGraphicsClocks",
                (count, buf) -> api.nvmlDeviceGetSupportedGraphicsClocks(handle, memoryClockMhz, count, buf));
    }

    /** @return the SM clocks supported at the highest memory clock, MHz, highest first */
    @Override
    public List<Integer> supportedSmClocksMhz() {
        List<Integer> mem = supportedMemoryClocksMhz();
        if (mem.isEmpty()) {
            return List.of();
        }
        return supportedGraphicsClocksMhz(mem.get(0));
    }

    private interface ClockQuery {
        int call(IntByReference count, int[] buffer);
    }

    private List<Integer> clockList(String operation, String function, ClockQuery query) {
        int capacity = 128;
        for (int attempt = 0; attempt < 4; attempt++) {
            IntByReference count = new IntByReference(capacity);
            int[] buf = new int[capacity];
            int rc = lib.call(id, operation, function, () -> query.call(count, buf), NvmlReturn.INSUFFICIENT_SIZE);
            if (rc == 0) {
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < count.getValue(); i++) {
                    out.add(buf[i]);
                }
                out.sort(Collections.reverseOrder());
                return List.copyOf(out);
            }
            capacity = Math.max(count.getValue(), capacity * 2);
        }
        throw lib.error(NvmlReturn.INSUFFICIENT_SIZE.code(), function, id, operation, "the clock list kept growing");
    }

    /** @return the power limit and its constraints */
    public PowerLimits powerLimits() {
        ensureOpen();
        IntByReference cur = new IntByReference();
        IntByReference enf = new IntByReference();
        IntByReference def = new IntByReference();
        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        lib.call(id, "powerLimits", "nvmlDeviceGetPowerManagementLimit",
                () -> api.nvmlDeviceGetPowerManagementLimit(handle, cur));
        lib.call(id, "powerLimits", "nvmlDeviceGetEnforcedPowerLimit",
                () -> api.nvmlDeviceGetEnforcedPowerLimit(handle, enf));
        lib.call(id, "powerLimits", "nvmlDeviceGetPowerManagementDefaultLimit",
                () -> api.nvmlDeviceGetPowerManagementDefaultLimit(handle, def));
        lib.call(id, "powerLimits", "nvmlDeviceGetPowerManagementLimitConstraints",
                () -> api.nvmlDeviceGetPowerManagementLimitConstraints(handle, min, max));
        return new PowerLimits(mw(cur), mw(enf), mw(def), mw(min), mw(max));
    }

    private static Power mw(IntByReference v) {
        return Power.ofMilliwatts(Integer.toUnsignedLong(v.getValue()));
    }

    /**
     * The compute processes on the GPU ({@code nvmlDeviceGetComputeRunningProcesses_v3}, else {@code _v2}). On a
     * MIG-enabled GPU without root, where the driver refuses the aggregate, they are gathered from each MIG
     * device instead.
     *
     * @return the processes with a compute context on the GPU; empty when none runs
     * @throws NvmlException if the driver refuses the list (NO_PERMISSION on a GPU without MIG)
     */
    public List<ComputeProcess> computeProcesses() {
        ensureOpen();
        try {
            return processesOf(handle, id);
        } catch (NvmlException e) {
            if (e.code() == NvmlReturn.NO_PERMISSION && isMigEnabled()) {
                List<ComputeProcess> all = new ArrayList<>();
                for (Pointer migHandle : mig.migDeviceHandles()) {
                    all.addAll(processesOf(migHandle, id + "/mig"));
                }
                return List.copyOf(all);
            }
            throw e;
        }
    }

    /**
     * Per-process utilization samples ({@code nvmlDeviceGetProcessesUtilizationInfo} where the driver has it, else
     * {@code nvmlDeviceGetProcessUtilization}): one sample per process and driver sampling period in which the
     * process used the GPU, for periods that ended after {@code lastSeenTimestampMicros}.
     *
     * @param lastSeenTimestampMicros 0 for everything the driver keeps, or the largest
     *                                {@link ProcessUtilizationSample#timestampMicros()} seen before
     * @return the samples; empty when no process used the GPU since then (NVML's NOT_FOUND)
     * @throws NvmlException NOT_SUPPORTED on MIG-enabled GPUs ("not currently supported", nvml.h) and GPUs before
     *                       Maxwell, NO_PERMISSION where the driver refuses it, FUNCTION_NOT_FOUND on drivers without
     *                       the call, and any device fault
     */
    public List<ProcessUtilizationSample> processUtilization(long lastSeenTimestampMicros) {
        ensureOpen();
        ProcessSampler sampler = new ProcessSampler(lib);
        if (!sampler.fetch(handle, id, lastSeenTimestampMicros)) {
            return List.of();
        }
        List<ProcessUtilizationSample> out = new ArrayList<>(sampler.samples);
        for (int i = 0; i < sampler.samples; i++) {
            out.add(new ProcessUtilizationSample(sampler.pids[i], sampler.stamps[i], sampler.sm[i], sampler.mem[i]));
        }
        return List.copyOf(out);
    }

    /** @return the MIG device handle of GPU instance {@code gpuInstanceId} (its first compute instance), or null */
    Pointer migDeviceHandle(int gpuInstanceId) {
        for (Pointer m : mig.migDeviceHandles()) {
            IntByReference gi = new IntByReference();
            int rc = lib.call(id + "/mig", "migDevices", "nvmlDeviceGetGpuInstanceId",
                    () -> api.nvmlDeviceGetGpuInstanceId(m, gi), NvmlReturn.NOT_FOUND);
            if (rc == 0 && gi.getValue() == gpuInstanceId) {
                return m;
            }
        }
        return null;
    }

    List<ComputeProcess> processesOf(Pointer device, String who) {
        boolean v3 = lib.exports("nvmlDeviceGetComputeRunningProcesses_v3");
        String function = v3 ? "nvmlDeviceGetComputeRunningProcesses_v3" : "nvmlDeviceGetComputeRunningProcesses_v2";
        NativeLayout l = NvmlStructs.PROCESS_INFO;
        int capacity = 16;
        for (int attempt = 0; attempt < 5; attempt++) {
            IntByReference count = new IntByReference(capacity);
            Memory buf = l.allocate(capacity);
            int rc = lib.call(who, "computeProcesses", function, () -> v3
                    ? api.nvmlDeviceGetComputeRunningProcesses_v3(device, count, buf)
                    : api.nvmlDeviceGetComputeRunningProcesses_v2(device, count, buf), NvmlReturn.INSUFFICIENT_SIZE);
            if (rc == 0) {
                List<ComputeProcess> out = new ArrayList<>();
                for (int i = 0; i < count.getValue(); i++) {
                    long base = (long) i * l.size();
                    long mem = buf.getLong(base + l.offset("usedGpuMemory"));
                    int gi = buf.getInt(base + l.offset("gpuInstanceId"));
                    int ci = buf.getInt(base + l.offset("computeInstanceId"));
                    out.add(new ComputeProcess(Integer.toUnsignedLong(buf.getInt(base + l.offset("pid"))),
                            mem == NvmlStructs.VALUE_NOT_AVAILABLE ? OptionalLong.empty() : OptionalLong.of(mem),
                            gi == NvmlStructs.NO_INSTANCE ? OptionalInt.empty() : OptionalInt.of(gi),
                            ci == NvmlStructs.NO_INSTANCE ? OptionalInt.empty() : OptionalInt.of(ci)));
                }
                return List.copyOf(out);
            }
            capacity = Math.max(count.getValue() + 4, capacity * 2);
        }
        throw lib.error(NvmlReturn.INSUFFICIENT_SIZE.code(), function, who, "computeProcesses",
                "the process list kept growing");
    }

    // ----------------------------------------------------------------------------------------------- control

    /**
     * Sets the power limit; the previous limit is restored on {@link #close()}.
     *
     * @param limit the new limit, within {@link PowerLimits#min()} to {@link PowerLimits#max()} of
     *              {@link #powerLimits()}; NVML takes whole milliwatts, so it is rounded to one
     * @throws GpuDeviceException INVALID_ARGUMENT naming the allowed range if {@code limit} is outside it
     *                            (no call is made), NO_PERMISSION without root
     */
    public void setPowerLimit(Power limit) {
        synchronized (lock) {
            ensureOpen();
            PowerLimits limits = powerLimits();
            if (!limits.allows(limit)) {
                throw new GpuDeviceException(id, "setPowerLimit", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "power limit " + limit + " is outside " + name + "'s allowed range " + limits.min() + " to "
                                + limits.max() + "; choose a limit within it");
            }
            long newMw = Math.round(limit.toMilliwatts());
            long previousOriginal = changes.originalPowerLimitMw;
            long previousSet = changes.setPowerLimitMw;
            if (!changes.powerLimitChanged()) {
                changes.originalPowerLimitMw = Math.round(limits.current().toMilliwatts());
            }
            changes.setPowerLimitMw = newMw;
            changes.persist("setPowerLimit");
            try {
                lib.call(id, "setPowerLimit", "nvmlDeviceSetPowerManagementLimit",
                        () -> api.nvmlDeviceSetPowerManagementLimit(handle, (int) newMw));
            } catch (RuntimeException e) {
                changes.originalPowerLimitMw = previousOriginal;
                changes.setPowerLimitMw = previousSet;
                changes.persist("setPowerLimit");
                throw e;
            }
            RestoreOnExit.enrol(this);
        }
    }

    /** Puts back the power limit this handle replaced; nothing if it changed none. */
    public void resetPowerLimit() {
        synchronized (lock) {
            ensureOpen();
            if (!changes.powerLimitChanged()) {
                return;
            }
            long original = changes.originalPowerLimitMw;
            lib.call(id, "resetPowerLimit", "nvmlDeviceSetPowerManagementLimit",
                    () -> api.nvmlDeviceSetPowerManagementLimit(handle, (int) original));
            changes.originalPowerLimitMw = -1;
            changes.setPowerLimitMw = -1;
            changes.persist("resetPowerLimit");
            leaveIfRestored();
        }
    }

    /**
     * Locks the SM clock into {@code [minMhz, maxMhz]} ({@code nvmlDeviceSetGpuLockedClocks}); reset on close.
     * NVML cannot report an existing lock, so the restore resets the locked clocks: a lock someone set before
     * this handle's is not put back.
     *
     * @throws GpuDeviceException INVALID_ARGUMENT for an empty or unsupported range, NO_PERMISSION without root,
     *                            NOT_SUPPORTED (FUNCTION_NOT_FOUND) on drivers without locked clocks
     */
    @Override
    public void lockSmClock(int minMhz, int maxMhz) {
        synchronized (lock) {
            ensureOpen();
            if (minMhz <= 0 || maxMhz < minMhz) {
                throw new GpuDeviceException(id, "lockSmClock", GpuDeviceException.Reason.INVALID_ARGUMENT,
                        "SM clock range " + minMhz + "-" + maxMhz + " MHz is empty or not positive; give 0 < min <= max");
            }
            int prevMin = changes.lockMinMhz;
            int prevMax = changes.lockMaxMhz;
            changes.lockMinMhz = minMhz;
            changes.lockMaxMhz = maxMhz;
            changes.persist("lockSmClock");
            try {
                int rc;
                try {
                    rc = api.nvmlDeviceSetGpuLockedClocks(handle, minMhz, maxMhz);
                } catch (UnsatisfiedLinkError e) {
                    throw lib.missing("nvmlDeviceSetGpuLockedClocks", id, "lockSmClock", e);
                }
                if (rc == NvmlReturn.INVALID_ARGUMENT.code()) {
                    throw lib.error(rc, "nvmlDeviceSetGpuLockedClocks", id, "lockSmClock",
                            "the range " + minMhz + "-" + maxMhz + " MHz is not within the supported SM clocks "
                                    + supportedRange());
                }
                if (rc != 0) {
                    throw lib.error(rc, "nvmlDeviceSetGpuLockedClocks", id, "lockSmClock", null);
                }
            } catch (RuntimeException e) {
                changes.lockMinMhz = prevMin;
                changes.lockMaxMhz = prevMax;
                changes.persist("lockSmClock");
                throw e;
            }
            RestoreOnExit.enrol(this);
        }
    }

    private String supportedRange() {
        try {
            List<Integer> c = supportedSmClocksMhz();
            return c.isEmpty() ? "(none reported)" : c.get(c.size() - 1) + "-" + c.get(0) + " MHz";
        } catch (RuntimeException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    /** Removes the clock lock this handle set ({@code nvmlDeviceResetGpuLockedClocks}); nothing if it set none. */
    @Override
    public void resetSmClock() {
        synchronized (lock) {
            ensureOpen();
            if (!changes.clocksLocked()) {
                return;
            }
            lib.call(id, "resetSmClock", "nvmlDeviceResetGpuLockedClocks",
                    () -> api.nvmlDeviceResetGpuLockedClocks(handle));
            changes.lockMinMhz = -1;
            changes.lockMaxMhz = -1;
            changes.persist("resetSmClock");
            leaveIfRestored();
        }
    }

    // --------------------------------------------------------------------------------------------------- MIG

    /** @return the current and pending MIG mode; both false on GPUs or drivers without MIG */
    public MigMode migMode() {
        ensureOpen();
        try {
            return mig.mode();
        } catch (NvmlException e) {
            if (e.code() == NvmlReturn.NOT_SUPPORTED || e.code() == NvmlReturn.FUNCTION_NOT_FOUND) {
                return new MigMode(false, false);
            }
            throw e;
        }
    }

    /** @return whether this GPU and driver support MIG at all (an A100, A30, H100 or newer, driver R450+) */
    public boolean migSupported() {
        ensureOpen();
        return mig.capable();
    }

    @Override
    public boolean isMigEnabled() {
        return migMode().current();
    }

    /** @return MIG query and control for this GPU; changes through it are restored with this handle's */
    public MigControl mig() {
        ensureOpen();
        return mig;
    }

    /**
     * The GPU instances that exist now. An empty layout when MIG is disabled; on a GPU without MIG, an empty
     * layout over a one-slice geometry with no profiles.
     *
     * @throws NvmlException NO_PERMISSION without root (the instance and placement queries are privileged)
     */
    @Override
    public MigLayout migLayout() {
        ensureOpen();
        MigMode mode = migMode();
        if (!mode.current()) {
            if (!mig.capable()) {
                return MigLayout.empty(new MigGeometry(name + " (no MIG)", 1, 1, List.of()));
            }
            return MigLayout.empty(mig.geometry());
        }
        return mig.layout();
    }

    /**
     * Applies a MIG layout: see {@link MigControl#apply}.
     *
     * @throws dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException for a layout off the device's own placements
     *                                                                  or instance limits, before any change
     */
    @Override
    public void applyMigLayout(MigLayout layout, boolean force) {
        ensureOpen();
        mig.apply(layout, force);
    }

    /** Journals the MIG layout before this handle's first MIG change. Called with {@link #lock} held. */
    void beforeMigChange(MigSnapshot current, String operation) {
        if (!changes.migChanged()) {
            changes.originalMig = current;
            changes.appliedMig = current;
            changes.persist(operation);
        }
    }

    /** Records the MIG layout after a change. Called with {@link #lock} held. */
    void afterMigChange(MigSnapshot now, String operation) {
        changes.appliedMig = now;
        if (changes.originalMig != null && changes.originalMig.sameAs(now)) {
            changes.originalMig = null;
            changes.appliedMig = null;
        }
        changes.persist(operation);
        if (changes.migChanged()) {
            RestoreOnExit.enrol(this);
        } else {
            leaveIfRestored();
        }
    }

    // ------------------------------------------------------------------------------------------------ restore

    /** @return one sentence per change this handle has made and not yet restored */
    public List<String> pendingRestore() {
        synchronized (lock) {
            return changes.isEmpty() ? List.of() : changes.describe();
        }
    }

    /** @return changes to this GPU that crashed processes left unrestored (from the restore journal) */
    public List<AbandonedChange> abandonedChanges() {
        return new RestoreJournal(options.journalDirectory(), options.clock()).abandoned().stream()
                .filter(a -> a.deviceUuid().equals(uuid)).toList();
    }

    /**
     * Restores everything this handle changed: MIG instances, then clocks, then the power limit.
     *
     * @throws GpuDeviceException listing every step that failed or was skipped because someone else changed the
     *                            value since; what could not be restored stays journaled
     */
    public void restore() {
        synchronized (lock) {
            ensureOpen();
            List<String> problems = restoreSteps();
            if (!problems.isEmpty()) {
                throw new GpuDeviceException(id, "restore", GpuDeviceException.Reason.FAILED,
                        String.join("; ", problems) + ". The remaining changes stay journaled in "
                                + changes.file());
            }
        }
    }

    /** Restores and logs failures instead of throwing; for close() and the shutdown hook. */
    void restoreQuietly(String why) {
        synchronized (lock) {
            if (changes.isEmpty()) {
                RestoreOnExit.leave(this);
                return;
            }
            try {
                List<String> problems = restoreSteps();
                if (!problems.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, id + " (" + uuid + "): could not restore everything at " + why
                            + ": " + String.join("; ", problems) + ". Still journaled in " + changes.file());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, id + ": restore at " + why + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Takes over another process's journal and restores it. */
    List<String> restoreAdopted(AbandonedChange abandoned) {
        synchronized (lock) {
            ensureOpen();
            changes.adopt(abandoned.journal(), abandoned.entries());
            return restoreSteps();
        }
    }

    private List<String> restoreSteps() {
        List<String> problems = new ArrayList<>();
        if (changes.migChanged()) {
            try {
                mig.restore(changes.originalMig, changes.appliedMig);
                changes.originalMig = null;
                changes.appliedMig = null;
            } catch (RuntimeException e) {
                problems.add("MIG layout not restored: " + e.getMessage());
            }
        }
        if (changes.clocksLocked()) {
            try {
                lib.call(id, "restore", "nvmlDeviceResetGpuLockedClocks", () -> api.nvmlDeviceResetGpuLockedClocks(handle));
                changes.lockMinMhz = -1;
                changes.lockMaxMhz = -1;
            } catch (RuntimeException e) {
                problems.add("locked SM clocks not reset: " + e.getMessage());
            }
        }
        if (changes.powerLimitChanged()) {
            try {
                IntByReference cur = new IntByReference();
                lib.call(id, "restore", "nvmlDeviceGetPowerManagementLimit",
                        () -> api.nvmlDeviceGetPowerManagementLimit(handle, cur));
                long now = Integer.toUnsignedLong(cur.getValue());
                if (changes.setPowerLimitMw >= 0 && now != changes.setPowerLimitMw) {
                    problems.add("power limit not restored to " + changes.originalPowerLimitMw / 1000.0
                            + " W: it is " + now / 1000.0 + " W, not the " + changes.setPowerLimitMw / 1000.0
                            + " W this handle set, so someone changed it since; set it by hand "
                            + "(nvidia-smi -i " + index + " -pl WATTS)");
                    changes.originalPowerLimitMw = -1;
                    changes.setPowerLimitMw = -1;
                } else {
                    long original = changes.originalPowerLimitMw;
                    lib.call(id, "restore", "nvmlDeviceSetPowerManagementLimit",
                            () -> api.nvmlDeviceSetPowerManagementLimit(handle, (int) original));
                    changes.originalPowerLimitMw = -1;
                    changes.setPowerLimitMw = -1;
                }
            } catch (RuntimeException e) {
                problems.add("power limit not restored: " + e.getMessage());
            }
        }
        try {
            changes.persist("restore");
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        leaveIfRestored();
        return problems;
    }

    private void leaveIfRestored() {
        if (changes.isEmpty()) {
            RestoreOnExit.leave(this);
        }
    }

    /** Restores what this handle changed (logging what it could not) and releases its NVML reference. */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        synchronized (lock) {
            if (closed.get()) {
                return;
            }
            restoreQuietly("close");
            closed.set(true);
        }
        lib.release();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(id + " (" + uuid + ") is closed; open the device again from an Nvml session");
        }
    }

    @Override
    public String toString() {
        return id + " " + name + " (" + uuid + ", " + pciBusId + ")";
    }
}
