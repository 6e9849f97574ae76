package dev.greenslice.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigInstance;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import dev.greenslice.nvml.MigSnapshot.GpuInstanceState;
import dev.greenslice.nvml.mig.ComputeInstanceInfo;
import dev.greenslice.nvml.mig.DeviceMigGeometry;
import dev.greenslice.nvml.mig.GpuInstanceInfo;
import dev.greenslice.nvml.mig.GpuInstanceProfileInfo;
import dev.greenslice.nvml.mig.MigApplyPlan;
import dev.greenslice.nvml.mig.MigControl;
import dev.greenslice.nvml.mig.MigDeviceInfo;
import dev.greenslice.nvml.mig.MigMode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MigControl} over NVML for one {@link NvmlDevice}. Changes run under the device's lock and are journaled
 * through it, so that the device handle restores them.
 */
final class NvmlMigControl implements MigControl {

    private static final int PROFILE_INDEX_LIMIT = 64;

    private final NvmlDevice device;
    private final NvmlLibrary lib;
    private final NvmlNative api;
    private final Pointer handle;
    private final String id;
    private volatile List<GpuInstanceProfileInfo> profiles;

    NvmlMigControl(NvmlDevice device, NvmlLibrary lib, Pointer handle) {
        this.device = device;
        this.lib = lib;
        this.api = lib.api();
        this.handle = handle;
        this.id = device.id();
    }

    // ---------------------------------------------------------------------------------------------- queries

    @Override
    public MigMode mode() {
        device.ensureOpen();
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        lib.call(id, "migMode", "nvmlDeviceGetMigMode", () -> api.nvmlDeviceGetMigMode(handle, current, pending));
        return new MigMode(current.getValue() == 1, pending.getValue() == 1);
    }

    /** @return whether the GPU and driver support MIG at all */
    boolean capable() {
        try {
            mode();
            return true;
        } catch (NvmlException e) {
            if (e.code() == NvmlReturn.NOT_SUPPORTED || e.code() == NvmlReturn.FUNCTION_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<GpuInstanceProfileInfo> profiles() {
        device.ensureOpen();
        List<GpuInstanceProfileInfo> cached = profiles;
        if (cached != null) {
            return cached;
        }
        List<GpuInstanceProfileInfo> out = new ArrayList<>();
        boolean versioned = lib.exports("nvmlDeviceGetGpuInstanceProfileInfoV");
        int structVersion = 3;
        boolean v3Answered = false;
        for (int index = 0; index < PROFILE_INDEX_LIMIT; index++) {
            Memory m;
            NativeLayout l;
            int rc;
            if (versioned) {
                l = structVersion == 3 ? NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3 : NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2;
                m = l.allocate(1);
                m.setInt(0, structVersion == 3 ? NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3_VERSION
                        : NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2_VERSION);
                int idx = index;
                Memory mm = m;
                rc = lib.call(id, "profiles", "nvmlDeviceGetGpuInstanceProfileInfoV",
                        () -> api.nvmlDeviceGetGpuInstanceProfileInfoV(handle, idx, mm),
                        NvmlReturn.NOT_SUPPORTED, NvmlReturn.INVALID_ARGUMENT, NvmlReturn.ARGUMENT_VERSION_MISMATCH);
                // Drivers before NVML 12.3 answer a struct version they do not know with INVALID_ARGUMENT, the
                // same code that ends the list: before any v3 answer, it means "try v2" (which then ends the list
                // itself if the index really is past the end).
                if (rc == NvmlReturn.INVALID_ARGUMENT.code() && structVersion == 3 && !v3Answered) {
                    structVersion = 2;
                    index--;
                    continue;
                }
                if (rc == NvmlReturn.SUCCESS.code() && structVersion == 3) {
                    v3Answered = true;
                }
                if (rc == NvmlReturn.ARGUMENT_VERSION_MISMATCH.code()) {
                    if (structVersion == 2) {
                        throw lib.error(rc, "nvmlDeviceGetGpuInstanceProfileInfoV", id, "profiles",
                                "the driver accepts neither nvmlGpuInstanceProfileInfo_v3 nor _v2");
                    }
                    structVersion = 2;
                    index--;
                    continue;
                }
            } else {
                l = NvmlStructs.GPU_INSTANCE_PROFILE_INFO;
                m = l.allocate(1);
                int idx = index;
                Memory mm = m;
                rc = lib.call(id, "profiles", "nvmlDeviceGetGpuInstanceProfileInfo",
                        () -> api.nvmlDeviceGetGpuInstanceProfileInfo(handle, idx, mm),
                        NvmlReturn.NOT_SUPPORTED, NvmlReturn.INVALID_ARGUMENT);
            }
            if (rc == NvmlReturn.INVALID_ARGUMENT.code()) {
                break; // past the last profile index this driver knows
            }
            if (rc == NvmlReturn.NOT_SUPPORTED.code()) {
                if (index == 0 && !capable()) {
                    throw lib.error(rc, "nvmlDeviceGetGpuInstanceProfileInfo", id, "profiles",
                            device.name() + " does not support MIG");
                }
                continue; // this profile index does not exist on this GPU
            }
            out.add(parseProfile(index, l, m));
        }
        List<GpuInstanceProfileInfo> result = List.copyOf(out);
        // Profiles are fixed for the GPU's lifetime, but while MIG is disabled the versioned call answers
        // NOT_SUPPORTED for every index: an empty list is not remembered, so enabling MIG later shows them.
        if (!result.isEmpty()) {
            profiles = result;
        }
        return result;
    }

    private static GpuInstanceProfileInfo parseProfile(int index, NativeLayout l, Memory m) {
        long mem = m.getLong(l.offset("memorySizeMB"));
        int slices = m.getInt(l.offset("sliceCount"));
        String name;
        if (l != NvmlStructs.GPU_INSTANCE_PROFILE_INFO) {
            byte[] raw = m.getByteArray(l.offset("name"), NvmlStructs.NAME_BUFFER);
            name = NvmlLibrary.cString(raw).trim();
            if (name.startsWith("MIG ")) {
                name = name.substring(4).trim();
            }
        } else {
            name = "";
        }
        if (name.isEmpty()) {
            name = DeviceMigGeometry.nameFor(index, slices, mem);
        }
        return GpuInstanceProfileInfo.builder().profileIndex(index).profileId(m.getInt(l.offset("id"))).name(name)
                .sliceCount(slices).instanceCount(m.getInt(l.offset("instanceCount")))
                .multiprocessorCount(m.getInt(l.offset("multiprocessorCount")))
                .copyEngineCount(m.getInt(l.offset("copyEngineCount"))).decoderCount(m.getInt(l.offset("decoderCount")))
                .encoderCount(m.getInt(l.offset("encoderCount"))).jpegCount(m.getInt(l.offset("jpegCount")))
                .ofaCount(m.getInt(l.offset("ofaCount"))).memoryMb(mem).build();
    }

    private GpuInstanceProfileInfo profileById(int profileId) {
        for (GpuInstanceProfileInfo p : profiles()) {
            if (p.profileId() == profileId) {
                return p;
            }
        }
        throw new GpuDeviceException(id, "mig", GpuDeviceException.Reason.INVALID_ARGUMENT,
                "no MIG profile with id " + profileId + " on " + device.name() + "; its profiles: " + profileList());
    }

    private String profileList() {
        return String.join(", ", profiles().stream().map(p -> p.name() + " (id " + p.profileId() + ")").toList());
    }

    @Override
    public List<MigPlacement> possiblePlacements(int profileId) {
        device.ensureOpen();
        String fn = "nvmlDeviceGetGpuInstancePossiblePlacements_v2";
        for (int attempt = 0; attempt < 3; attempt++) {
            IntByReference count = new IntByReference(0);
            lib.call(id, "possiblePlacements", fn,
                    () -> api.nvmlDeviceGetGpuInstancePossiblePlacements_v2(handle, profileId, null, count));
            int n = count.getValue();
            if (n == 0) {
                return List.of();
            }
            NativeLayout l = NvmlStructs.GPU_INSTANCE_PLACEMENT;
            Memory buf = l.allocate(n);
            IntByReference capacity = new IntByReference(n);
            int rc = lib.call(id, "possiblePlacements", fn,
                    () -> api.nvmlDeviceGetGpuInstancePossiblePlacements_v2(handle, profileId, buf, capacity),
                    NvmlReturn.INSUFFICIENT_SIZE);
            if (rc == 0) {
                List<MigPlacement> out = new ArrayList<>();
                for (int i = 0; i < capacity.getValue(); i++) {
                    long base = (long) i * l.size();
                    out.add(new MigPlacement(buf.getInt(base + l.offset("start")), buf.getInt(base + l.offset("size"))));
                }
                return List.copyOf(out);
            }
        }
        throw lib.error(NvmlReturn.INSUFFICIENT_SIZE.code(), fn, id, "possiblePlacements", "the placement count kept changing");
    }

    @Override
    public MigGeometry geometry() {
        device.ensureOpen();
        Map<Integer, List<MigPlacement>> placements = new LinkedHashMap<>();
        for (GpuInstanceProfileInfo p : profiles()) {
            placements.put(p.profileId(), possiblePlacements(p.profileId()));
        }
        return DeviceMigGeometry.of(device.name(), profiles(), placements);
    }

    private GpuInstanceInfo info(Pointer gi) {
        NativeLayout l = NvmlStructs.GPU_INSTANCE_INFO;
        Memory m = l.allocate(1);
        lib.call(id, "gpuInstances", "nvmlGpuInstanceGetInfo", () -> api.nvmlGpuInstanceGetInfo(gi, m));
        int profileId = m.getInt(l.offset("profileId"));
        int start = m.getInt(l.offset("placement"));
        int size = m.getInt(l.offset("placement") + 4L);
        GpuInstanceProfileInfo p = profileById(profileId);
        return new GpuInstanceInfo(m.getInt(l.offset("id")), profileId, p.name(), new MigPlacement(start, size),
                p.sliceCount());
    }

    private Map<GpuInstanceInfo, Pointer> gpuInstanceHandles() {
        Map<GpuInstanceInfo, Pointer> out = new LinkedHashMap<>();
        for (GpuInstanceProfileInfo p : profiles()) {
            int capacity = Math.max(1, p.instanceCount());
            Memory buf = new Memory((long) Native.POINTER_SIZE * capacity);
            buf.clear();
            IntByReference count = new IntByReference(capacity);
            lib.call(id, "gpuInstances", "nvmlDeviceGetGpuInstances",
                    () -> api.nvmlDeviceGetGpuInstances(handle, p.profileId(), buf, count));
            for (int i = 0; i < Math.min(count.getValue(), capacity); i++) {
                Pointer gi = buf.getPointer((long) i * Native.POINTER_SIZE);
                out.put(info(gi), gi);
            }
        }
        return out;
    }

    @Override
    public List<GpuInstanceInfo> gpuInstances() {
        device.ensureOpen();
        if (!mode().current()) {
            return List.of();
        }
        return gpuInstanceHandles().keySet().stream()
                .sorted(Comparator.comparing(GpuInstanceInfo::placement)).toList();
    }

    private Pointer gpuInstanceHandle(int gpuInstanceId, String operation) {
        PointerByReference gi = new PointerByReference();
        lib.call(id, operation, "nvmlDeviceGetGpuInstanceById",
                () -> api.nvmlDeviceGetGpuInstanceById(handle, gpuInstanceId, gi));
        return gi.getValue();
    }

    /** Compute instances of one GPU instance with their handles, enumerated over compute-instance profiles. */
    private Map<ComputeInstanceInfo, Pointer> computeInstanceHandles(Pointer gi, int gpuInstanceId, String operation) {
        Map<ComputeInstanceInfo, Pointer> out = new LinkedHashMap<>();
        NativeLayout pl = NvmlStructs.COMPUTE_INSTANCE_PROFILE_INFO;
        for (int index = 0; index < PROFILE_INDEX_LIMIT; index++) {
            Memory pinfo = pl.allocate(1);
            int idx = index;
            int rc = lib.call(id, operation, "nvmlGpuInstanceGetComputeInstanceProfileInfo",
                    () -> api.nvmlGpuInstanceGetComputeInstanceProfileInfo(gi, idx, 0, pinfo),
                    NvmlReturn.NOT_SUPPORTED, NvmlReturn.INVALID_ARGUMENT);
            if (rc == NvmlReturn.INVALID_ARGUMENT.code()) {
                break;
            }
            if (rc == NvmlReturn.NOT_SUPPORTED.code()) {
                continue;
            }
            int ciProfileId = pinfo.getInt(pl.offset("id"));
            int capacity = Math.max(1, pinfo.getInt(pl.offset("instanceCount")));
            Memory buf = new Memory((long) Native.POINTER_SIZE * capacity);
            buf.clear();
            IntByReference count = new IntByReference(capacity);
            lib.call(id, operation, "nvmlGpuInstanceGetComputeInstances",
                    () -> api.nvmlGpuInstanceGetComputeInstances(gi, ciProfileId, buf, count));
            for (int i = 0; i < Math.min(count.getValue(), capacity); i++) {
                Pointer ci = buf.getPointer((long) i * Native.POINTER_SIZE);
                NativeLayout l = NvmlStructs.COMPUTE_INSTANCE_INFO;
                Memory m = l.allocate(1);
                lib.call(id, operation, "nvmlComputeInstanceGetInfo_v2", () -> api.nvmlComputeInstanceGetInfo_v2(ci, m));
                out.put(new ComputeInstanceInfo(gpuInstanceId, m.getInt(l.offset("id")), m.getInt(l.offset("profileId")),
                        m.getInt(l.offset("placement")), m.getInt(l.offset("placement") + 4L)), ci);
            }
        }
        return out;
    }

    @Override
    public List<ComputeInstanceInfo> computeInstances(int gpuInstanceId) {
        device.ensureOpen();
        Pointer gi = gpuInstanceHandle(gpuInstanceId, "computeInstances");
        return computeInstanceHandles(gi, gpuInstanceId, "computeInstances").keySet().stream()
                .sorted(Comparator.comparingInt(ComputeInstanceInfo::id)).toList();
    }

    /** @return the handles of the MIG devices (unprivileged) */
    List<Pointer> migDeviceHandles() {
        IntByReference max = new IntByReference();
        lib.call(id, "migDevices", "nvmlDeviceGetMaxMigDeviceCount", () -> api.nvmlDeviceGetMaxMigDeviceCount(handle, max));
        List<Pointer> out = new ArrayList<>();
        for (int i = 0; i < max.getValue(); i++) {
            PointerByReference mig = new PointerByReference();
            int idx = i;
            int rc = lib.call(id, "migDevices", "nvmlDeviceGetMigDeviceHandleByIndex",
                    () -> api.nvmlDeviceGetMigDeviceHandleByIndex(handle, idx, mig), NvmlReturn.NOT_FOUND);
            if (rc == 0) {
                out.add(mig.getValue());
            }
        }
        return out;
    }

    /** Describes one MIG device handle. */
    MigDeviceInfo migDevice(Pointer mig) {
        String who = id + "/mig";
        IntByReference gi = new IntByReference();
        IntByReference ci = new IntByReference();
        lib.call(who, "migDevices", "nvmlDeviceGetGpuInstanceId", () -> api.nvmlDeviceGetGpuInstanceId(mig, gi));
        lib.call(who, "migDevices", "nvmlDeviceGetComputeInstanceId", () -> api.nvmlDeviceGetComputeInstanceId(mig, ci));
        byte[] uuid = new byte[NvmlStructs.UUID_BUFFER];
        lib.call(who, "migDevices", "nvmlDeviceGetUUID", () -> api.nvmlDeviceGetUUID(mig, uuid, uuid.length));
        byte[] name = new byte[NvmlStructs.NAME_BUFFER];
        lib.call(who, "migDevices", "nvmlDeviceGetName", () -> api.nvmlDeviceGetName(mig, name, name.length));
        NativeLayout l = NvmlStructs.DEVICE_ATTRIBUTES;
        Memory attrs = l.allocate(1);
        lib.call(who, "migDevices", "nvmlDeviceGetAttributes_v2", () -> api.nvmlDeviceGetAttributes_v2(mig, attrs));
        String full = NvmlLibrary.cString(name);
        int at = full.lastIndexOf(" MIG ");
        String profile = at >= 0 ? full.substring(at + 5).trim()
                : attrs.getInt(l.offset("gpuInstanceSliceCount")) + "g";
        return MigDeviceInfo.builder().uuid(NvmlLibrary.cString(uuid)).gpuInstanceId(gi.getValue())
                .computeInstanceId(ci.getValue()).profileName(profile)
                .gpuInstanceSlices(attrs.getInt(l.offset("gpuInstanceSliceCount")))
                .computeInstanceSlices(attrs.getInt(l.offset("computeInstanceSliceCount")))
                .memoryMb(attrs.getLong(l.offset("memorySizeMB")))
                .multiprocessorCount(attrs.getInt(l.offset("multiprocessorCount"))).build();
    }

    @Override
    public List<MigDeviceInfo> migDevices() {
        device.ensureOpen();
        List<MigDeviceInfo> out = new ArrayList<>();
        for (Pointer mig : migDeviceHandles()) {
            out.add(migDevice(mig));
        }
        return List.copyOf(out);
    }

    @Override
    public MigLayout layout() {
        device.ensureOpen();
        MigGeometry geo = geometry();
        List<MigInstance> list = new ArrayList<>();
        for (GpuInstanceInfo gi : gpuInstances()) {
            MigProfile p = geo.profileById(gi.profileId()).orElseThrow();
            list.add(new MigInstance(p, gi.placement()));
        }
        return new MigLayout(geo, list);
    }

    /** @return the GPU and compute instances now (privileged) */
    MigSnapshot snapshot() {
        List<GpuInstanceState> list = new ArrayList<>();
        if (!mode().current()) {
            return new MigSnapshot(list);
        }
        for (Map.Entry<GpuInstanceInfo, Pointer> e : gpuInstanceHandles().entrySet()) {
            GpuInstanceInfo gi = e.getKey();
            List<Integer> cis = computeInstanceHandles(e.getValue(), gi.id(), "snapshot").keySet().stream()
                    .map(ComputeInstanceInfo::profileId).toList();
            list.add(new GpuInstanceState(gi.id(), gi.profileId(), gi.placement(), cis));
        }
        return new MigSnapshot(list);
    }

    private MigSnapshot snapshotOrNull() {
        try {
            return snapshot();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- changes

    private void requireEnabled(String operation) {
        MigMode mode = mode();
        if (!mode.current()) {
            throw new GpuDeviceException(id, operation, GpuDeviceException.Reason.NOT_SUPPORTED,
                    "MIG mode is disabled on " + id + " (" + device.name() + ")"
                            + (mode.pending() ? "; it is enabled pending a GPU reset: reset the GPU" : "")
                            + "; enable it with `sudo nvidia-smi -i " + device.index() + " -mig 1` and reset the GPU");
        }
    }

    @Override
    public GpuInstanceInfo createGpuInstance(int profileId, MigPlacement placement) {
        synchronized (device.lock()) {
            device.ensureOpen();
            requireEnabled("createGpuInstance");
            device.beforeMigChange(snapshot(), "createGpuInstance");
            try {
                return doCreateGpuInstance(profileId, placement, "createGpuInstance");
            } finally {
                device.afterMigChange(snapshotOrNull(), "createGpuInstance");
            }
        }
    }

    private GpuInstanceInfo doCreateGpuInstance(int profileId, MigPlacement placement, String operation) {
        Memory pl = NvmlStructs.GPU_INSTANCE_PLACEMENT.allocate(1);
        pl.setInt(NvmlStructs.GPU_INSTANCE_PLACEMENT.offset("start"), placement.start());
        pl.setInt(NvmlStructs.GPU_INSTANCE_PLACEMENT.offset("size"), placement.size());
        PointerByReference out = new PointerByReference();
        String fn = "nvmlDeviceCreateGpuInstanceWithPlacement";
        int rc;
        try {
            rc = api.nvmlDeviceCreateGpuInstanceWithPlacement(handle, profileId, pl, out);
        } catch (UnsatisfiedLinkError e) {
            throw lib.missing(fn, id, operation, e);
        }
        if (rc == NvmlReturn.INSUFFICIENT_RESOURCES.code()) {
            throw lib.error(rc, fn, id, operation, describeConflict(profileId, placement));
        }
        if (rc == NvmlReturn.INVALID_ARGUMENT.code()) {
            String allowed;
            try {
                allowed = profileById(profileId).name() + " allows " + possiblePlacements(profileId);
            } catch (RuntimeException e) {
                allowed = "profile id " + profileId + " is not one of " + profileList();
            }
            throw lib.error(rc, fn, id, operation, "placement " + placement + " is not possible: " + allowed);
        }
        if (rc != 0) {
            throw lib.error(rc, fn, id, operation, null);
        }
        return info(out.getValue());
    }

    private String describeConflict(int profileId, MigPlacement placement) {
        try {
            List<String> conflicts = new ArrayList<>();
            int used = 0;
            for (GpuInstanceInfo gi : gpuInstances()) {
                used += gi.computeSlices();
                if (gi.placement().overlaps(placement)) {
                    conflicts.add("GPU instance " + gi.id() + " (" + gi.profileName() + " at " + gi.placement() + ")");
                }
            }
            GpuInstanceProfileInfo p = profileById(profileId);
            if (!conflicts.isEmpty()) {
                return p.name() + " at " + placement + " overlaps " + String.join(", ", conflicts);
            }
            return p.name() + " at " + placement + " needs " + p.sliceCount() + " compute slices; " + used
                    + " are in use, or its " + p.instanceCount() + " instance(s) are all created";
        } catch (RuntimeException e) {
            return "the placement " + placement + " is taken or too few slices are free";
        }
    }

    @Override
    public ComputeInstanceInfo createComputeInstance(int gpuInstanceId, int slices) {
        synchronized (device.lock()) {
            device.ensureOpen();
            requireEnabled("createComputeInstance");
            device.beforeMigChange(snapshot(), "createComputeInstance");
            try {
                Pointer gi = gpuInstanceHandle(gpuInstanceId, "createComputeInstance");
                int ciProfileId = computeProfileId(gi, slices, "createComputeInstance");
                return doCreateComputeInstance(gi, gpuInstanceId, ciProfileId, "createComputeInstance");
            } finally {
                device.afterMigChange(snapshotOrNull(), "createComputeInstance");
            }
        }
    }

    private int computeProfileId(Pointer gi, int slices, String operation) {
        int index = NvmlStructs.computeInstanceProfileIndex(slices);
        if (index < 0) {
            throw new GpuDeviceException(id, operation, GpuDeviceException.Reason.INVALID_ARGUMENT,
                    "no compute-instance profile has " + slices + " slices; use 1, 2, 3, 4, 6, 7 or 8");
        }
        NativeLayout pl = NvmlStructs.COMPUTE_INSTANCE_PROFILE_INFO;
        Memory pinfo = pl.allocate(1);
        lib.call(id, operation, "nvmlGpuInstanceGetComputeInstanceProfileInfo",
                () -> api.nvmlGpuInstanceGetComputeInstanceProfileInfo(gi, index, 0, pinfo));
        return pinfo.getInt(pl.offset("id"));
    }

    private ComputeInstanceInfo doCreateComputeInstance(Pointer gi, int gpuInstanceId, int ciProfileId,
                                                        String operation) {
        PointerByReference ci = new PointerByReference();
        lib.call(id, operation, "nvmlGpuInstanceCreateComputeInstance",
                () -> api.nvmlGpuInstanceCreateComputeInstance(gi, ciProfileId, ci));
        NativeLayout l = NvmlStructs.COMPUTE_INSTANCE_INFO;
        Memory m = l.allocate(1);
        Pointer cih = ci.getValue();
        lib.call(id, operation, "nvmlComputeInstanceGetInfo_v2", () -> api.nvmlComputeInstanceGetInfo_v2(cih, m));
        return new ComputeInstanceInfo(gpuInstanceId, m.getInt(l.offset("id")), m.getInt(l.offset("profileId")),
                m.getInt(l.offset("placement")), m.getInt(l.offset("placement") + 4L));
    }

    @Override
    public void destroyComputeInstance(int gpuInstanceId, int computeInstanceId) {
        synchronized (device.lock()) {
            device.ensureOpen();
            requireEnabled("destroyComputeInstance");
            device.beforeMigChange(snapshot(), "destroyComputeInstance");
            try {
                Pointer gi = gpuInstanceHandle(gpuInstanceId, "destroyComputeInstance");
                Pointer target = null;
                for (Map.Entry<ComputeInstanceInfo, Pointer> e
                        : computeInstanceHandles(gi, gpuInstanceId, "destroyComputeInstance").entrySet()) {
                    if (e.getKey().id() == computeInstanceId) {
                        target = e.getValue();
                    }
                }
                if (target == null) {
                    throw new GpuDeviceException(id, "destroyComputeInstance", GpuDeviceException.Reason.INVALID_ARGUMENT,
                            "GPU instance " + gpuInstanceId + " has no compute instance " + computeInstanceId);
                }
                Pointer t = target;
                lib.call(id, "destroyComputeInstance", "nvmlComputeInstanceDestroy", () -> api.nvmlComputeInstanceDestroy(t));
            } finally {
                device.afterMigChange(snapshotOrNull(), "destroyComputeInstance");
            }
        }
    }

    @Override
    public void destroyGpuInstance(int gpuInstanceId) {
        synchronized (device.lock()) {
            device.ensureOpen();
            requireEnabled("destroyGpuInstance");
            device.beforeMigChange(snapshot(), "destroyGpuInstance");
            try {
                Pointer gi = gpuInstanceHandle(gpuInstanceId, "destroyGpuInstance");
                lib.call(id, "destroyGpuInstance", "nvmlGpuInstanceDestroy", () -> api.nvmlGpuInstanceDestroy(gi));
            } finally {
                device.afterMigChange(snapshotOrNull(), "destroyGpuInstance");
            }
        }
    }

    /** Destroys a GPU instance and its compute instances. */
    private void destroyWithComputeInstances(int gpuInstanceId, String operation) {
        Pointer gi = gpuInstanceHandle(gpuInstanceId, operation);
        for (Pointer ci : computeInstanceHandles(gi, gpuInstanceId, operation).values()) {
            lib.call(id, operation, "nvmlComputeInstanceDestroy", () -> api.nvmlComputeInstanceDestroy(ci));
        }
        lib.call(id, operation, "nvmlGpuInstanceDestroy", () -> api.nvmlGpuInstanceDestroy(gi));
    }

    @Override
    public void apply(MigLayout layout, boolean force) {
        synchronized (device.lock()) {
            device.ensureOpen();
            String op = "applyMigLayout";
            requireEnabled(op);
            MigGeometry geo = geometry();
            List<MigInstance> wanted = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (MigInstance i : layout.instances()) {
                MigProfile p = geo.profile(i.profile().name())
                        .or(() -> geo.profileById(i.profile().nvmlProfileId())).orElse(null);
                if (p == null) {
                    problems.add(i + ": profile " + i.profile().name() + " (id " + i.profile().nvmlProfileId()
                            + ") does not exist on " + device.name() + "; its profiles: " + profileList());
                } else {
                    wanted.add(new MigInstance(p, i.placement()));
                }
            }
            MigLayout target = new MigLayout(geo, wanted);
            problems.addAll(target.problems());
            for (GpuInstanceProfileInfo p : profiles()) {
                long n = wanted.stream().filter(i -> i.profile().nvmlProfileId() == p.profileId()).count();
                if (n > p.instanceCount()) {
                    problems.add(n + " instances of " + p.name() + ", but " + device.name() + " allows at most "
                            + p.instanceCount());
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidMigLayoutException(device.name() + " (" + id + ", checked against its own "
                        + "profiles and placements)", problems);
            }
            List<ComputeProcess> running = device.computeProcesses();
            if (!running.isEmpty() && !force) {
                throw new GpuDeviceException(id, op, GpuDeviceException.Reason.IN_USE,
                        running.size() + " compute process(es) run on " + id + " (pids "
                                + running.stream().map(p -> Long.toString(p.pid())).toList()
                                + "); stop them before changing the MIG layout, or pass force=true "
                                + "(instances with processes still cannot be destroyed)");
            }
            MigSnapshot before = snapshot();
            List<MigInstance> current = new ArrayList<>();
            for (GpuInstanceState s : before.instances()) {
                current.add(new MigInstance(geo.profileById(s.profileId()).orElseThrow(), s.placement()));
            }
            MigApplyPlan plan = MigApplyPlan.between(current, wanted);
            if (plan.isEmpty()) {
                return;
            }
            device.beforeMigChange(before, op);
            int step = 0;
            String stepText = "";
            try {
                for (MigInstance d : plan.destroy()) {
                    step++;
                    stepText = "destroy " + d;
                    GpuInstanceState s = before.instances().stream()
                            .filter(x -> x.profileId() == d.profile().nvmlProfileId()
                                    && x.placement().equals(d.placement())).findFirst().orElseThrow();
                    destroyWithComputeInstances(s.gpuInstanceId(), op);
                }
                for (MigInstance c : plan.create()) {
                    step++;
                    stepText = "create " + c;
                    GpuInstanceInfo gi = doCreateGpuInstance(c.profile().nvmlProfileId(), c.placement(), op);
                    Pointer gih = gpuInstanceHandle(gi.id(), op);
                    doCreateComputeInstance(gih, gi.id(), computeProfileId(gih, c.computeSlices(), op), op);
                }
            } catch (RuntimeException e) {
                String rollback;
                try {
                    reconcile(snapshot(), before, op);
                    rollback = "every step was rolled back; the device has its previous layout again";
                } catch (RuntimeException r) {
                    e.addSuppressed(r);
                    rollback = "the rollback also failed (" + r.getMessage() + "); the previous layout is journaled "
                            + "and will be restored when this device handle closes";
                }
                device.afterMigChange(snapshotOrNull(), op);
                int steps = plan.destroy().size() + plan.create().size();
                String detail = "applying " + layout + ": step " + step + " of " + steps + " (" + stepText
                        + ") failed; " + rollback;
                if (e instanceof NvmlException n) {
                    throw new NvmlException(id, op, n.function(), n.rawCode(), n.errorString(),
                            detail + ". Cause: " + n.getMessage(), n);
                }
                throw new GpuDeviceException(id, op, e instanceof GpuDeviceException g ? g.reason()
                        : GpuDeviceException.Reason.FAILED, detail + ". Cause: " + e.getMessage(), e);
            }
            device.afterMigChange(snapshot(), op);
        }
    }

    /**
     * Puts back {@code original}, provided the device still holds {@code applied} (what this handle left); if
     * someone changed the layout since, refuses rather than destroy their instances.
     */
    void restore(MigSnapshot original, MigSnapshot applied) {
        MigSnapshot now = snapshot();
        if (applied != null && !now.sameAs(applied)) {
            throw new GpuDeviceException(id, "restore", GpuDeviceException.Reason.IN_USE,
                    "the MIG layout changed since it was set (now " + now.describe() + ", set "
                            + applied.describe() + "); restore " + original.describe() + " by hand with nvidia-smi mig");
        }
        reconcile(now, original, "restore");
    }

    /** Destroys what {@code now} has beyond {@code target}, then creates what is missing, largest first. */
    private void reconcile(MigSnapshot now, MigSnapshot target, String operation) {
        List<GpuInstanceState> missing = new ArrayList<>(target.instances());
        List<GpuInstanceState> extra = new ArrayList<>();
        for (GpuInstanceState s : now.instances()) {
            GpuInstanceState match = missing.stream().filter(s::sameAs).findFirst().orElse(null);
            if (match != null) {
                missing.remove(match);
            } else {
                extra.add(s);
            }
        }
        for (GpuInstanceState s : extra) {
            destroyWithComputeInstances(s.gpuInstanceId(), operation);
        }
        missing.sort(Comparator.comparingInt((GpuInstanceState s) -> profileById(s.profileId()).sliceCount()).reversed()
                .thenComparing(Comparator.comparingInt((GpuInstanceState s) -> s.placement().size()).reversed())
                .thenComparingInt(s -> s.placement().start()));
        for (GpuInstanceState s : missing) {
            GpuInstanceInfo gi = doCreateGpuInstance(s.profileId(), s.placement(), operation);
            Pointer gih = gpuInstanceHandle(gi.id(), operation);
            for (int ciProfileId : s.ciProfileIds()) {
                doCreateComputeInstance(gih, gi.id(), ciProfileId, operation);
            }
        }
    }
}
