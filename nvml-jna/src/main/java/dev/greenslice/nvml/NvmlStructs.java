package dev.greenslice.nvml;

/**
 * The {@code nvml.h} structs the binding passes to the driver, field by field in declaration order.
 * Layout tests check these against the sizes, offsets and version constants of the NVML API reference and
 * against the C compiler's own {@code sizeof}/{@code offsetof} (through the simulated library).
 */
final class NvmlStructs {

    private NvmlStructs() {
    }

    /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
    static final int NAME_BUFFER = 96;
    /** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE}. */
    static final int UUID_BUFFER = 96;
    /** {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}. */
    static final int VERSION_BUFFER = 80;

    static final NativeLayout MEMORY = NativeLayout.struct("nvmlMemory_t")
            .u64("total").u64("free").u64("used").build();

    static final NativeLayout MEMORY_V2 = NativeLayout.struct("nvmlMemory_v2_t")
            .u32("version").u64("total").u64("reserved").u64("free").u64("used").build();

    static final int MEMORY_V2_VERSION = MEMORY_V2.version(2);

    static final NativeLayout UTILIZATION = NativeLayout.struct("nvmlUtilization_t")
            .u32("gpu").u32("memory").build();

    static final NativeLayout FIELD_VALUE = NativeLayout.struct("nvmlFieldValue_t")
            .u32("fieldId").u32("scopeId").u64("timestamp").u64("latencyUsec")
            .u32("valueType").u32("nvmlReturn").union("value", 8, 8).build();

    static final NativeLayout PCI_INFO = NativeLayout.struct("nvmlPciInfo_t")
            .chars("busIdLegacy", 16).u32("domain").u32("bus").u32("device").u32("pciDeviceId")
            .u32("pciSubSystemId").chars("busId", 32).build();

    /** {@code nvmlProcessInfo_t}, the same as {@code nvmlProcessInfo_v2_t}. */
    static final NativeLayout PROCESS_INFO = NativeLayout.struct("nvmlProcessInfo_t")
            .u32("pid").u64("usedGpuMemory").u32("gpuInstanceId").u32("computeInstanceId").build();

    /** {@code nvmlProcessUtilizationSample_t}: one process's utilization in one driver sampling period. */
    static final NativeLayout PROCESS_UTILIZATION_SAMPLE = NativeLayout.struct("nvmlProcessUtilizationSample_t")
            .u32("pid").u64("timeStamp").u32("smUtil").u32("memUtil").u32("encUtil").u32("decUtil").build();

    /** {@code nvmlProcessUtilizationInfo_v1_t}: the same with JPEG and OFA utilization, timestamp first. */
    static final NativeLayout PROCESS_UTILIZATION_INFO_V1 = NativeLayout.struct("nvmlProcessUtilizationInfo_v1_t")
            .u64("timeStamp").u32("pid").u32("smUtil").u32("memUtil").u32("encUtil").u32("decUtil").u32("jpgUtil")
            .u32("ofaUtil").build();

    /** {@code nvmlProcessesUtilizationInfo_v1_t}: the versioned request of {@code nvmlDeviceGetProcessesUtilizationInfo}. */
    static final NativeLayout PROCESSES_UTILIZATION_INFO_V1 = NativeLayout.struct("nvmlProcessesUtilizationInfo_v1_t")
            .u32("version").u32("processSamplesCount").u64("lastSeenTimeStamp").pointer("procUtilArray").build();

    /** {@code nvmlProcessesUtilizationInfo_v1}. */
    static final int PROCESSES_UTILIZATION_INFO_V1_VERSION = PROCESSES_UTILIZATION_INFO_V1.version(1);

    static final NativeLayout GPU_INSTANCE_PLACEMENT = NativeLayout.struct("nvmlGpuInstancePlacement_t")
            .u32("start").u32("size").build();

    static final NativeLayout GPU_INSTANCE_PROFILE_INFO = NativeLayout.struct("nvmlGpuInstanceProfileInfo_t")
            .u32("id").u32("isP2pSupported").u32("sliceCount").u32("instanceCount").u32("multiprocessorCount")
            .u32("copyEngineCount").u32("decoderCount").u32("encoderCount").u32("jpegCount").u32("ofaCount")
            .u64("memorySizeMB").build();

    static final NativeLayout GPU_INSTANCE_PROFILE_INFO_V2 = NativeLayout.struct("nvmlGpuInstanceProfileInfo_v2_t")
            .u32("version").u32("id").u32("isP2pSupported").u32("sliceCount").u32("instanceCount")
            .u32("multiprocessorCount").u32("copyEngineCount").u32("decoderCount").u32("encoderCount")
            .u32("jpegCount").u32("ofaCount").u64("memorySizeMB").chars("name", NAME_BUFFER).build();

    static final int GPU_INSTANCE_PROFILE_INFO_V2_VERSION = GPU_INSTANCE_PROFILE_INFO_V2.version(2);

    static final NativeLayout GPU_INSTANCE_PROFILE_INFO_V3 = NativeLayout.struct("nvmlGpuInstanceProfileInfo_v3_t")
            .u32("version").u32("id").u32("sliceCount").u32("instanceCount").u32("multiprocessorCount")
            .u32("copyEngineCount").u32("decoderCount").u32("encoderCount").u32("jpegCount").u32("ofaCount")
            .u64("memorySizeMB").chars("name", NAME_BUFFER).u32("capabilities").build();

    static final int GPU_INSTANCE_PROFILE_INFO_V3_VERSION = GPU_INSTANCE_PROFILE_INFO_V3.version(3);

    static final NativeLayout GPU_INSTANCE_INFO = NativeLayout.struct("nvmlGpuInstanceInfo_t")
            .pointer("device").u32("id").u32("profileId").struct("placement", GPU_INSTANCE_PLACEMENT).build();

    static final NativeLayout COMPUTE_INSTANCE_PROFILE_INFO = NativeLayout.struct("nvmlComputeInstanceProfileInfo_t")
            .u32("id").u32("sliceCount").u32("instanceCount").u32("multiprocessorCount")
            .u32("sharedCopyEngineCount").u32("sharedDecoderCount").u32("sharedEncoderCount")
            .u32("sharedJpegCount").u32("sharedOfaCount").build();

    static final NativeLayout COMPUTE_INSTANCE_INFO = NativeLayout.struct("nvmlComputeInstanceInfo_t")
            .pointer("device").pointer("gpuInstance").u32("id").u32("profileId")
            .struct("placement", GPU_INSTANCE_PLACEMENT).build();

    static final NativeLayout DEVICE_ATTRIBUTES = NativeLayout.struct("nvmlDeviceAttributes_t")
            .u32("multiprocessorCount").u32("sharedCopyEngineCount").u32("sharedDecoderCount")
            .u32("sharedEncoderCount").u32("sharedJpegCount").u32("sharedOfaCount")
            .u32("gpuInstanceSliceCount").u32("computeInstanceSliceCount").u64("memorySizeMB").build();

    /** {@code NVML_FI_DEV_POWER_AVERAGE}: power averaged over 1 s (Ampere except GA100, and newer). */
    static final int FI_DEV_POWER_AVERAGE = 185;
    /** {@code NVML_FI_DEV_POWER_INSTANT}: the current power. */
    static final int FI_DEV_POWER_INSTANT = 186;
    /** {@code NVML_VALUE_TYPE_*} codes of {@code nvmlFieldValue_t.valueType}. */
    static final int VALUE_TYPE_DOUBLE = 0;
    static final int VALUE_TYPE_UNSIGNED_INT = 1;
    static final int VALUE_TYPE_UNSIGNED_LONG = 2;
    static final int VALUE_TYPE_UNSIGNED_LONG_LONG = 3;
    static final int VALUE_TYPE_SIGNED_LONG_LONG = 4;
    static final int VALUE_TYPE_SIGNED_INT = 5;

    /** {@code nvmlClockType_t}. */
    static final int CLOCK_GRAPHICS = 0;
    static final int CLOCK_SM = 1;
    static final int CLOCK_MEM = 2;

    /** {@code NVML_COMPUTE_INSTANCE_PROFILE_*} index for a compute instance of {@code slices} slices, or -1. */
    static int computeInstanceProfileIndex(int slices) {
        switch (slices) {
            case 1: return 0;
            case 2: return 1;
            case 3: return 2;
            case 4: return 3;
            case 7: return 4;
            case 8: return 5;
            case 6: return 6;
            default: return -1;
        }
    }

    /** {@code 0xFFFFFFFF}: no GPU or compute instance (MIG disabled). */
    static final int NO_INSTANCE = 0xFFFFFFFF;
    /** {@code NVML_VALUE_NOT_AVAILABLE} for 64-bit values. */
    static final long VALUE_NOT_AVAILABLE = -1L;
}
