package dev.greenslice.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML C API by JNA interface mapping: every call the binding makes outside the hot path. Symbols are
 * looked up on first call, so a function an older driver lacks throws {@link UnsatisfiedLinkError} only when its
 * feature is used; {@link NvmlLibrary} turns that into {@link NvmlReturn#FUNCTION_NOT_FOUND}.
 *
 * <p>Handles ({@code nvmlDevice_t}, {@code nvmlGpuInstance_t}, {@code nvmlComputeInstance_t}) are opaque
 * {@link Pointer}s; structs are {@link com.sun.jna.Memory} laid out by {@link NvmlStructs}. Unsigned ints are
 * Java ints read with {@link Integer#toUnsignedLong}.
 */
interface NvmlNative extends Library {

    int nvmlInit_v2();

    int nvmlShutdown();

    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlSystemGetNVMLVersion(byte[] version, int length);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetHandleByUUID(String uuid, PointerByReference device);

    int nvmlDeviceGetHandleByPciBusId_v2(String pciBusId, PointerByReference device);

    int nvmlDeviceGetIndex(Pointer device, IntByReference index);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetPciInfo_v3(Pointer device, Pointer pci);

    int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);

    int nvmlDeviceGetMemoryInfo_v2(Pointer device, Pointer memory);

    int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference power);

    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energy);

    int nvmlDeviceGetFieldValues(Pointer device, int valuesCount, Pointer values);

    int nvmlDeviceGetClockInfo(Pointer device, int type, IntByReference clock);

    int nvmlDeviceGetMaxClockInfo(Pointer device, int type, IntByReference clock);

    int nvmlDeviceGetSupportedMemoryClocks(Pointer device, IntByReference count, int[] clocksMHz);

    int nvmlDeviceGetSupportedGraphicsClocks(Pointer device, int memoryClockMHz, IntByReference count, int[] clocksMHz);

    int nvmlDeviceSetGpuLockedClocks(Pointer device, int minGpuClockMHz, int maxGpuClockMHz);

    int nvmlDeviceResetGpuLockedClocks(Pointer device);

    int nvmlDeviceGetPowerManagementLimit(Pointer device, IntByReference limit);

    int nvmlDeviceGetPowerManagementLimitConstraints(Pointer device, IntByReference minLimit, IntByReference maxLimit);

    int nvmlDeviceGetPowerManagementDefaultLimit(Pointer device, IntByReference defaultLimit);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference limit);

    int nvmlDeviceSetPowerManagementLimit(Pointer device, int limit);

    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlDeviceGetComputeRunningProcesses_v2(Pointer device, IntByReference infoCount, Pointer infos);

    int nvmlDeviceGetProcessUtilization(Pointer device, Pointer utilization, IntByReference processSamplesCount,
                                        long lastSeenTimeStamp);

    int nvmlDeviceGetProcessesUtilizationInfo(Pointer device, Pointer procesesUtilInfo);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);

    int nvmlDeviceGetGpuInstanceProfileInfo(Pointer device, int profile, Pointer info);

    int nvmlDeviceGetGpuInstanceProfileInfoV(Pointer device, int profile, Pointer info);

    int nvmlDeviceGetGpuInstancePossiblePlacements_v2(Pointer device, int profileId, Pointer placements,
                                                      IntByReference count);

    int nvmlDeviceCreateGpuInstanceWithPlacement(Pointer device, int profileId, Pointer placement,
                                                 PointerByReference gpuInstance);

    int nvmlGpuInstanceDestroy(Pointer gpuInstance);

    int nvmlDeviceGetGpuInstances(Pointer device, int profileId, Pointer gpuInstances, IntByReference count);

    int nvmlDeviceGetGpuInstanceById(Pointer device, int id, PointerByReference gpuInstance);

    int nvmlGpuInstanceGetInfo(Pointer gpuInstance, Pointer info);

    int nvmlGpuInstanceGetComputeInstanceProfileInfo(Pointer gpuInstance, int profile, int engProfile, Pointer info);

    int nvmlGpuInstanceCreateComputeInstance(Pointer gpuInstance, int profileId, PointerByReference computeInstance);

    int nvmlGpuInstanceGetComputeInstances(Pointer gpuInstance, int profileId, Pointer computeInstances,
                                           IntByReference count);

    int nvmlComputeInstanceDestroy(Pointer computeInstance);

    int nvmlComputeInstanceGetInfo_v2(Pointer computeInstance, Pointer info);

    int nvmlDeviceGetMaxMigDeviceCount(Pointer device, IntByReference count);

    int nvmlDeviceGetMigDeviceHandleByIndex(Pointer device, int index, PointerByReference migDevice);

    int nvmlDeviceGetGpuInstanceId(Pointer device, IntByReference id);

    int nvmlDeviceGetComputeInstanceId(Pointer device, IntByReference id);

    int nvmlDeviceIsMigDeviceHandle(Pointer device, IntByReference isMigDevice);

    int nvmlDeviceGetDeviceHandleFromMigDeviceHandle(Pointer migDevice, PointerByReference device);

    int nvmlDeviceGetAttributes_v2(Pointer device, Pointer attributes);
}
