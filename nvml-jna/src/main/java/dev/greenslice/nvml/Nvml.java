package dev.greenslice.nvml;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.greenslice.nvml.mig.MigDeviceInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open NVML session: the entry point of the binding. Finds devices (by index, UUID, PCI bus id, or
 * {@code CUDA_VISIBLE_DEVICES} entries), reports the driver, and reports and undoes changes that crashed processes
 * left on GPUs ({@link #abandonedChanges()}).
 *
 * <pre>{@code
 * try (Nvml nvml = Nvml.open(); NvmlDevice gpu = nvml.device(0)) {
 *     Power p = gpu.power();
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Sessions and device handles share one {@code nvmlInit_v2} per library: the first open
 * initialises NVML, the last close of a session or device shuts it down. {@link #close()} is idempotent; device
 * handles opened from a session stay usable until they are closed themselves.
 *
 * <p><b>Failures.</b> {@link #open} throws the unchecked {@link NvmlUnavailableException}, a
 * {@link dev.greenslice.carbon.UnavailableException} (code {@code LIBRARY_NOT_FOUND} or {@code DRIVER_NOT_LOADED},
 * with the library tried and the fix), when there is no library or driver; device errors once open are
 * {@link NvmlException}s. To go on without GPUs, meter through {@link NvmlSensor#builder()}{@code .open()}, whose
 * {@link NvmlSensor#unavailability()} says why. ({@link #tryOpen}, which answered a sealed value, is deprecated:
 * GreenSlice has one "not available" idiom, an unchecked exception.)
 * Thread-safe.
 */
public final class Nvml implements NvmlAvailability, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Nvml.class.getName());

    private final NvmlLibrary lib;
    private final NvmlOptions options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AbandonedChange> abandoned;

    private Nvml(NvmlLibrary lib, NvmlOptions options) {
        this.lib = lib;
        this.options = options;
        this.abandoned = new RestoreJournal(options.journalDirectory(), options.clock()).abandoned();
        for (AbandonedChange a : abandoned) {
            LOG.log(System.Logger.Level.WARNING, "GreenSlice found an unrestored GPU change: " + a.message());
        }
    }

    /**
     * Opens NVML with {@link NvmlOptions#defaults()}.
     *
     * @return an open session; close it when done
     * @throws NvmlUnavailableException (an {@link dev.greenslice.carbon.UnavailableException}) with the reason and
     *                                   fix, when the library cannot be loaded or the driver not initialised
     */
    public static Nvml open() {
        return open(NvmlOptions.defaults());
    }

    /**
     * Opens NVML with these options.
     *
     * @param options which library to load, where the restore journal is, and the clock
     * @return an open session; close it when done
     * @throws NvmlUnavailableException (an {@link dev.greenslice.carbon.UnavailableException}) with the reason and
     *                                   fix, when the library cannot be loaded or the driver not initialised
     */
    public static Nvml open(NvmlOptions options) {
        NvmlAvailability a = tryOpen(options);
        if (a instanceof Nvml nvml) {
            return nvml;
        }
        NvmlUnavailable u = (NvmlUnavailable) a;
        int code = u.reason().startsWith("nvmlInit_v2 returned") ? NvmlReturn.DRIVER_NOT_LOADED.code()
                : NvmlReturn.LIBRARY_NOT_FOUND.code();
        throw new NvmlUnavailableException(u, code);
    }

    /**
     * Opens NVML if it can be used.
     *
     * @param options which library to load, where the restore journal is, and the clock
     * @return an open session, or why NVML cannot be used; never throws for a missing library or driver
     * @deprecated use {@link #open(NvmlOptions)} and catch {@link NvmlUnavailableException}, or
     *             meter through {@link NvmlSensor#builder()}{@code .open()}, which goes on without NVML and says why
     */
    @Deprecated(since = "0.2.0")
    public static NvmlAvailability tryOpen(NvmlOptions options) {
        try {
            return new Nvml(NvmlLibrary.acquire(options), options);
        } catch (NvmlLibrary.UnavailableException e) {
            return e.unavailable();
        }
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** @return the library file or name this session loaded */
    public String library() {
        return lib.name();
    }

    /** @return whether the hot calls (power, energy, clocks) are JNA direct-mapped in this session */
    public boolean directMapped() {
        return lib.hot().direct();
    }

    /** @return the options this session was opened with */
    public NvmlOptions options() {
        return options;
    }

    /** @return the NVIDIA driver version, e.g. {@code "550.54.15"} */
    public String driverVersion() {
        ensureOpen();
        byte[] buf = new byte[NvmlStructs.VERSION_BUFFER];
        lib.call("nvml", "driverVersion", "nvmlSystemGetDriverVersion",
                () -> lib.api().nvmlSystemGetDriverVersion(buf, buf.length));
        return NvmlLibrary.cString(buf);
    }

    /** @return the NVML library version, e.g. {@code "12.550.54.15"} */
    public String nvmlVersion() {
        ensureOpen();
        byte[] buf = new byte[NvmlStructs.VERSION_BUFFER];
        lib.call("nvml", "nvmlVersion", "nvmlSystemGetNVMLVersion",
                () -> lib.api().nvmlSystemGetNVMLVersion(buf, buf.length));
        return NvmlLibrary.cString(buf);
    }

    /** @return the number of GPUs ({@code nvmlDeviceGetCount_v2}, which also counts GPUs it may not access) */
    public int deviceCount() {
        ensureOpen();
        IntByReference count = new IntByReference();
        lib.call("nvml", "deviceCount", "nvmlDeviceGetCount_v2", () -> lib.api().nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    /**
     * Opens a handle on the GPU with this NVML index; close it when done.
     *
     * @param index the NVML index, from 0 to {@link #deviceCount()} − 1 (PCI bus order, not necessarily CUDA's)
     * @return the device
     * @throws NvmlException INVALID_ARGUMENT for an index outside that range
     */
    public NvmlDevice device(int index) {
        ensureOpen();
        PointerByReference h = new PointerByReference();
        int count = deviceCount();
        if (index < 0 || index >= count) {
            throw new NvmlException("gpu:" + index, "device", "nvmlDeviceGetHandleByIndex_v2",
                    NvmlReturn.INVALID_ARGUMENT.code(), lib.errorString(NvmlReturn.INVALID_ARGUMENT.code()),
                    "there is no GPU " + index + "; NVML sees " + count + " GPU(s), indices 0 to " + (count - 1));
        }
        lib.call("gpu:" + index, "device", "nvmlDeviceGetHandleByIndex_v2",
                () -> lib.api().nvmlDeviceGetHandleByIndex_v2(index, h));
        return open(h.getValue());
    }

    /**
     * Opens a handle on the GPU with this UUID ({@code GPU-…}); a {@code MIG-…} UUID opens its parent GPU.
     *
     * @param uuid the GPU's or a MIG device's UUID, as {@code nvidia-smi -L} prints it
     * @return the (parent) GPU; close it when done
     * @throws NvmlException NOT_FOUND naming the UUID
     */
    public NvmlDevice deviceByUuid(String uuid) {
        ensureOpen();
        PointerByReference h = new PointerByReference();
        lib.call(uuid, "deviceByUuid", "nvmlDeviceGetHandleByUUID", () -> lib.api().nvmlDeviceGetHandleByUUID(uuid, h));
        return open(parentOf(h.getValue(), uuid));
    }

    /**
     * Opens a handle on the GPU at this PCI bus id; close it when done.
     *
     * @param pciBusId the bus id, e.g. {@code 00000000:07:00.0} or {@code 07:00.0}
     * @return the device
     * @throws NvmlException NOT_FOUND if no GPU is at that address
     */
    public NvmlDevice deviceByPciBusId(String pciBusId) {
        ensureOpen();
        PointerByReference h = new PointerByReference();
        lib.call(pciBusId, "deviceByPciBusId", "nvmlDeviceGetHandleByPciBusId_v2",
                () -> lib.api().nvmlDeviceGetHandleByPciBusId_v2(pciBusId, h));
        return open(h.getValue());
    }

    /**
     * Opens a handle on every GPU, in NVML order; close each when done.
     *
     * @return the devices; empty on a machine whose driver sees no GPU
     */
    public List<NvmlDevice> devices() {
        int n = deviceCount();
        List<NvmlDevice> out = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                out.add(device(i));
            }
        } catch (RuntimeException e) {
            out.forEach(NvmlDevice::close);
            throw e;
        }
        return out;
    }

    private Pointer parentOf(Pointer h, String who) {
        IntByReference isMig = new IntByReference();
        int rc;
        try {
            rc = lib.api().nvmlDeviceIsMigDeviceHandle(h, isMig);
        } catch (UnsatisfiedLinkError e) {
            return h; // a driver without MIG has no MIG handles
        }
        if (rc != 0 || isMig.getValue() == 0) {
            return h;
        }
        PointerByReference parent = new PointerByReference();
        lib.call(who, "deviceByUuid", "nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
                () -> lib.api().nvmlDeviceGetDeviceHandleFromMigDeviceHandle(h, parent));
        return parent.getValue();
    }

    private NvmlDevice open(Pointer handle) {
        NvmlLibrary ref;
        try {
            ref = NvmlLibrary.acquire(options);
        } catch (NvmlLibrary.UnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new NvmlDevice(ref, options, handle);
    }

    /**
     * Resolves the {@code CUDA_VISIBLE_DEVICES} of this process's environment.
     *
     * @return the devices CUDA would show this process, what it would ignore, and caveats
     */
    public CudaVisibleDevices cudaVisibleDevices() {
        return cudaVisibleDevices(System.getenv("CUDA_VISIBLE_DEVICES"), System.getenv("CUDA_DEVICE_ORDER"));
    }

    /**
     * Resolves a {@code CUDA_VISIBLE_DEVICES} value as CUDA would.
     *
     * @param value       the variable's value; null when unset (every GPU visible)
     * @param deviceOrder {@code CUDA_DEVICE_ORDER}, or null; indices are NVML's (PCI bus) order, which is CUDA's
     *                    only with {@code PCI_BUS_ID}
     * @return the devices CUDA would show, what it would ignore (from the first invalid entry on), and caveats
     */
    public CudaVisibleDevices cudaVisibleDevices(String value, String deviceOrder) {
        ensureOpen();
        List<CudaDevice> devices = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Known> known = knownDevices();
        int gpus = (int) known.stream().filter(k -> k.mig == null).count();
        if (value == null) {
            for (Known k : known) {
                if (k.mig == null) {
                    devices.add(new CudaDevice(devices.size(), Integer.toString(k.index), k.index, k.gpuUuid,
                            Optional.empty(), OptionalInt.empty(), OptionalInt.empty()));
                }
            }
            notes.add("CUDA_VISIBLE_DEVICES is unset: every GPU is visible");
            return new CudaVisibleDevices(devices, ignored, notes);
        }
        String[] entries = value.trim().isEmpty() ? new String[0] : value.split(",");
        boolean usedIndex = false;
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String problem = null;
            Known match = null;
            if (entry.matches("\\d+")) {
                usedIndex = true;
                int idx = Integer.parseInt(entry);
                match = known.stream().filter(k -> k.mig == null && k.index == idx).findFirst().orElse(null);
                if (match == null) {
                    problem = "no GPU with index " + idx + " (NVML sees " + gpus + ")";
                }
            } else if (entry.startsWith("GPU-") || entry.startsWith("MIG-")) {
                String prefix = entry.toLowerCase(Locale.ROOT);
                List<Known> hits = known.stream().filter(k -> (k.mig != null ? k.mig.uuid() : k.gpuUuid)
                        .toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
                if (entry.startsWith("MIG-GPU-")) {
                    problem = "the MIG-GPU-<uuid>/<gi>/<ci> form is not supported by CUDA 11.3+; use the MIG- UUID "
                            + "that `nvidia-smi -L` prints";
                } else if (hits.isEmpty()) {
                    problem = "no GPU or MIG device has a UUID starting with " + entry;
                } else if (hits.size() > 1) {
                    problem = entry + " is a prefix of " + hits.size() + " UUIDs; give more of it";
                } else {
                    match = hits.get(0);
                }
            } else {
                problem = "not an index or a GPU-/MIG- UUID";
            }
            if (problem != null) {
                for (int j = i; j < entries.length; j++) {
                    ignored.add(entries[j].trim() + (j == i ? ": " + problem + "; CUDA ignores it and every later entry"
                            : ": follows an invalid entry"));
                }
                break;
            }
            devices.add(new CudaDevice(devices.size(), entry, match.index, match.gpuUuid,
                    match.mig == null ? Optional.empty() : Optional.of(match.mig.uuid()),
                    match.mig == null ? OptionalInt.empty() : OptionalInt.of(match.mig.gpuInstanceId()),
                    match.mig == null ? OptionalInt.empty() : OptionalInt.of(match.mig.computeInstanceId())));
        }
        if (usedIndex && gpus > 1 && !"PCI_BUS_ID".equals(deviceOrder)) {
            notes.add("indices were resolved in NVML's PCI bus order; CUDA numbers GPUs fastest-first unless "
                    + "CUDA_DEVICE_ORDER=PCI_BUS_ID, so set that (or use UUIDs) for the two to agree");
        }
        return new CudaVisibleDevices(devices, ignored, notes);
    }

    private static final class Known {
        final int index;
        final String gpuUuid;
        final MigDeviceInfo mig;

        Known(int index, String gpuUuid, MigDeviceInfo mig) {
            this.index = index;
            this.gpuUuid = gpuUuid;
            this.mig = mig;
        }
    }

    private List<Known> knownDevices() {
        List<Known> out = new ArrayList<>();
        for (NvmlDevice d : devices()) {
            try (d) {
                out.add(new Known(d.index(), d.uuid(), null));
                if (d.isMigEnabled()) {
                    for (MigDeviceInfo m : d.mig().migDevices()) {
                        out.add(new Known(d.index(), d.uuid(), m));
                    }
                }
            }
        }
        return out;
    }

    /** @return changes that processes which are gone made to GPUs and never restored (found at open) */
    public List<AbandonedChange> abandonedChanges() {
        return abandoned.stream().filter(a -> Files.exists(a.journal())).toList();
    }

    /**
     * Undoes an abandoned change: resets locked clocks, puts back the power limit and the MIG instances, unless
     * someone changed them since; then deletes the journal.
     *
     * @param change one of {@link #abandonedChanges()}
     * @return what was restored, one sentence each
     * @throws dev.greenslice.carbon.gpu.GpuDeviceException listing what could not be restored (the journal stays)
     */
    public List<String> restoreAbandoned(AbandonedChange change) {
        ensureOpen();
        if (change.entries().isEmpty()) {
            throw new IllegalArgumentException("The journal " + change.journal() + " is unreadable: "
                    + String.join("; ", change.changes()));
        }
        try (NvmlDevice d = deviceByUuid(change.deviceUuid())) {
            List<String> problems = d.restoreAdopted(change);
            if (!problems.isEmpty()) {
                throw new dev.greenslice.carbon.gpu.GpuDeviceException(d.id(), "restoreAbandoned",
                        dev.greenslice.carbon.gpu.GpuDeviceException.Reason.FAILED,
                        String.join("; ", problems) + " (journal " + change.journal() + " kept)");
            }
        }
        return change.changes();
    }

    /**
     * Deletes an abandoned change's journal without touching the GPU (after restoring it by hand).
     *
     * @param change one of {@link #abandonedChanges()}
     * @throws IllegalStateException if the journal exists but cannot be deleted, naming the file
     */
    public void discardAbandoned(AbandonedChange change) {
        try {
            new RestoreJournal(options.journalDirectory(), options.clock()).delete(change.journal());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot delete " + change.journal() + ": " + e.getMessage()
                    + "; delete it by hand", e);
        }
    }

    /** Releases this session's reference on NVML; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lib.release();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This NVML session is closed; open a new one with Nvml.open()");
        }
    }

    @Override
    public String toString() {
        return "Nvml[" + lib + "]";
    }
}
