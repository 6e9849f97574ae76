package dev.greenslice.nvml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The struct layouts, exactly as the NVML API reference gives them, and as the C compiler lays them out. */
class NvmlStructsTest {

    @Test
    void layoutsMatchTheNvmlReference() {
        assertEquals(8, NvmlStructs.GPU_INSTANCE_PLACEMENT.size(), "nvmlGpuInstancePlacement_t");
        assertEquals(48, NvmlStructs.GPU_INSTANCE_PROFILE_INFO.size(), "nvmlGpuInstanceProfileInfo_t");
        assertEquals(40, NvmlStructs.GPU_INSTANCE_PROFILE_INFO.offset("memorySizeMB"));
        assertEquals(152, NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2.size(), "nvmlGpuInstanceProfileInfo_v2_t");
        assertEquals(0x02000098, NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2_VERSION);
        assertEquals(56, NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2.offset("name"));
        assertEquals(152, NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3.size(), "nvmlGpuInstanceProfileInfo_v3_t");
        assertEquals(0x03000098, NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3_VERSION);
        assertEquals(24, NvmlStructs.GPU_INSTANCE_INFO.size(), "nvmlGpuInstanceInfo_t");
        assertEquals(24, NvmlStructs.MEMORY.size(), "nvmlMemory_t");
        assertEquals(40, NvmlStructs.MEMORY_V2.size(), "nvmlMemory_v2_t");
        assertEquals(0x02000028, NvmlStructs.MEMORY_V2_VERSION);
        assertEquals(8, NvmlStructs.UTILIZATION.size(), "nvmlUtilization_t");
        assertEquals(40, NvmlStructs.FIELD_VALUE.size(), "nvmlFieldValue_t");
        // nvml.h: pid, then the 64-bit timestamp aligned to 8, then four utilizations
        assertEquals(32, NvmlStructs.PROCESS_UTILIZATION_SAMPLE.size(), "nvmlProcessUtilizationSample_t");
        assertEquals(8, NvmlStructs.PROCESS_UTILIZATION_SAMPLE.offset("timeStamp"));
        assertEquals(16, NvmlStructs.PROCESS_UTILIZATION_SAMPLE.offset("smUtil"));
        assertEquals(40, NvmlStructs.PROCESS_UTILIZATION_INFO_V1.size(), "nvmlProcessUtilizationInfo_v1_t");
        assertEquals(8, NvmlStructs.PROCESS_UTILIZATION_INFO_V1.offset("pid"));
        assertEquals(32, NvmlStructs.PROCESS_UTILIZATION_INFO_V1.offset("ofaUtil"));
        if (com.sun.jna.Native.POINTER_SIZE == 8) {
            assertEquals(24, NvmlStructs.PROCESSES_UTILIZATION_INFO_V1.size(), "nvmlProcessesUtilizationInfo_v1_t");
            assertEquals(16, NvmlStructs.PROCESSES_UTILIZATION_INFO_V1.offset("procUtilArray"));
            assertEquals(0x01000018, NvmlStructs.PROCESSES_UTILIZATION_INFO_V1_VERSION);
        }
    }

    @ParameterizedTest(name = "sizeof({0})")
    @CsvSource({
            "nvmlMemory_t", "nvmlMemory_v2_t", "nvmlUtilization_t", "nvmlFieldValue_t", "nvmlPciInfo_t",
            "nvmlProcessInfo_t", "nvmlGpuInstancePlacement_t", "nvmlGpuInstanceProfileInfo_t",
            "nvmlGpuInstanceProfileInfo_v2_t", "nvmlGpuInstanceProfileInfo_v3_t", "nvmlGpuInstanceInfo_t",
            "nvmlComputeInstanceProfileInfo_t", "nvmlComputeInstanceInfo_t", "nvmlDeviceAttributes_t",
            "nvmlProcessUtilizationSample_t", "nvmlProcessUtilizationInfo_v1_t", "nvmlProcessesUtilizationInfo_v1_t"})
    void sizesAgreeWithTheCCompiler(String type) {
        SimulatedNvml.Hooks sim = SimulatedNvml.hooks();
        assertEquals(sim.simSizeof(type), layout(type).size(), "sizeof(" + type + ")");
    }

    @ParameterizedTest(name = "offsetof({0}, {1})")
    @CsvSource({
            "nvmlMemory_t, used", "nvmlMemory_v2_t, total", "nvmlMemory_v2_t, reserved", "nvmlMemory_v2_t, free",
            "nvmlMemory_v2_t, used", "nvmlFieldValue_t, timestamp", "nvmlFieldValue_t, valueType",
            "nvmlFieldValue_t, nvmlReturn", "nvmlFieldValue_t, value", "nvmlPciInfo_t, domain", "nvmlPciInfo_t, busId",
            "nvmlProcessInfo_t, usedGpuMemory", "nvmlProcessInfo_t, gpuInstanceId",
            "nvmlProcessInfo_t, computeInstanceId", "nvmlGpuInstanceProfileInfo_t, sliceCount",
            "nvmlGpuInstanceProfileInfo_t, multiprocessorCount", "nvmlGpuInstanceProfileInfo_t, memorySizeMB",
            "nvmlGpuInstanceProfileInfo_v2_t, id", "nvmlGpuInstanceProfileInfo_v2_t, sliceCount",
            "nvmlGpuInstanceProfileInfo_v2_t, memorySizeMB", "nvmlGpuInstanceProfileInfo_v2_t, name",
            "nvmlGpuInstanceProfileInfo_v3_t, sliceCount", "nvmlGpuInstanceProfileInfo_v3_t, memorySizeMB",
            "nvmlGpuInstanceProfileInfo_v3_t, name", "nvmlGpuInstanceProfileInfo_v3_t, capabilities",
            "nvmlGpuInstanceInfo_t, id", "nvmlGpuInstanceInfo_t, profileId", "nvmlGpuInstanceInfo_t, placement",
            "nvmlComputeInstanceInfo_t, gpuInstance", "nvmlComputeInstanceInfo_t, id",
            "nvmlComputeInstanceInfo_t, profileId", "nvmlComputeInstanceInfo_t, placement",
            "nvmlComputeInstanceProfileInfo_t, sliceCount", "nvmlDeviceAttributes_t, gpuInstanceSliceCount",
            "nvmlDeviceAttributes_t, computeInstanceSliceCount", "nvmlDeviceAttributes_t, memorySizeMB",
            "nvmlProcessUtilizationSample_t, pid", "nvmlProcessUtilizationSample_t, timeStamp",
            "nvmlProcessUtilizationSample_t, smUtil", "nvmlProcessUtilizationSample_t, memUtil",
            "nvmlProcessUtilizationSample_t, encUtil", "nvmlProcessUtilizationSample_t, decUtil",
            "nvmlProcessUtilizationInfo_v1_t, timeStamp", "nvmlProcessUtilizationInfo_v1_t, pid",
            "nvmlProcessUtilizationInfo_v1_t, smUtil", "nvmlProcessUtilizationInfo_v1_t, memUtil",
            "nvmlProcessUtilizationInfo_v1_t, ofaUtil", "nvmlProcessesUtilizationInfo_v1_t, processSamplesCount",
            "nvmlProcessesUtilizationInfo_v1_t, lastSeenTimeStamp", "nvmlProcessesUtilizationInfo_v1_t, procUtilArray"})
    void offsetsAgreeWithTheCCompiler(String type, String field) {
        SimulatedNvml.Hooks sim = SimulatedNvml.hooks();
        assertEquals(sim.simOffsetof(type, field), layout(type).offset(field), "offsetof(" + type + ", " + field + ")");
    }

    @Test
    void versionConstantsAgreeWithNvmlStructVersion() {
        SimulatedNvml.Hooks sim = SimulatedNvml.hooks();
        assertEquals(sim.simStructVersion("nvmlMemory_v2"), NvmlStructs.MEMORY_V2_VERSION);
        assertEquals(sim.simStructVersion("nvmlGpuInstanceProfileInfo_v2"),
                NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2_VERSION);
        assertEquals(sim.simStructVersion("nvmlGpuInstanceProfileInfo_v3"),
                NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3_VERSION);
        assertEquals(sim.simStructVersion("nvmlProcessesUtilizationInfo_v1"),
                NvmlStructs.PROCESSES_UTILIZATION_INFO_V1_VERSION);
    }

    private static NativeLayout layout(String type) {
        switch (type) {
            case "nvmlMemory_t": return NvmlStructs.MEMORY;
            case "nvmlMemory_v2_t": return NvmlStructs.MEMORY_V2;
            case "nvmlUtilization_t": return NvmlStructs.UTILIZATION;
            case "nvmlFieldValue_t": return NvmlStructs.FIELD_VALUE;
            case "nvmlPciInfo_t": return NvmlStructs.PCI_INFO;
            case "nvmlProcessInfo_t": return NvmlStructs.PROCESS_INFO;
            case "nvmlGpuInstancePlacement_t": return NvmlStructs.GPU_INSTANCE_PLACEMENT;
            case "nvmlGpuInstanceProfileInfo_t": return NvmlStructs.GPU_INSTANCE_PROFILE_INFO;
            case "nvmlGpuInstanceProfileInfo_v2_t": return NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V2;
            case "nvmlGpuInstanceProfileInfo_v3_t": return NvmlStructs.GPU_INSTANCE_PROFILE_INFO_V3;
            case "nvmlGpuInstanceInfo_t": return NvmlStructs.GPU_INSTANCE_INFO;
            case "nvmlComputeInstanceProfileInfo_t": return NvmlStructs.COMPUTE_INSTANCE_PROFILE_INFO;
            case "nvmlComputeInstanceInfo_t": return NvmlStructs.COMPUTE_INSTANCE_INFO;
            case "nvmlDeviceAttributes_t": return NvmlStructs.DEVICE_ATTRIBUTES;
            case "nvmlProcessUtilizationSample_t": return NvmlStructs.PROCESS_UTILIZATION_SAMPLE;
            case "nvmlProcessUtilizationInfo_v1_t": return NvmlStructs.PROCESS_UTILIZATION_INFO_V1;
            case "nvmlProcessesUtilizationInfo_v1_t": return NvmlStructs.PROCESSES_UTILIZATION_INFO_V1;
            default: throw new IllegalArgumentException(type);
        }
    }
}
