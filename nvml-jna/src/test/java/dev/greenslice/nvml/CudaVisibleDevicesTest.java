package dev.greenslice.nvml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CUDA_VISIBLE_DEVICES resolved as CUDA resolves it: indices, UUIDs and prefixes, MIG UUIDs, the first bad entry. */
class CudaVisibleDevicesTest {

    @TempDir
    Path journal;

    private static final String TWO_GPUS = SimulatedNvml.device("A100-SXM4-80GB",
            "uuid GPU-aaaa0000-0000-0000-0000-000000000000", "mig enabled", "gi 3g.40gb@0", "gi 3g.40gb@4")
            + SimulatedNvml.device("H100-SXM5-80GB", "uuid GPU-bbbb0000-0000-0000-0000-000000000000");

    private Nvml open() {
        SimulatedNvml.reset(TWO_GPUS);
        return Nvml.open(SimulatedNvml.options(journal));
    }

    @Test
    void indicesAndUuidPrefixesInTheGivenOrder() {
        try (Nvml nvml = open()) {
            CudaVisibleDevices v = nvml.cudaVisibleDevices("1,GPU-aaaa", "PCI_BUS_ID");
            assertEquals(List.of(1, 0), v.devices().stream().map(CudaDevice::gpuIndex).toList());
            assertEquals(List.of(0, 1), v.devices().stream().map(CudaDevice::cudaOrdinal).toList());
            assertEquals("GPU-aaaa0000-0000-0000-0000-000000000000", v.devices().get(1).gpuUuid());
            assertTrue(v.ignored().isEmpty());
            assertTrue(v.notes().isEmpty());
        }
    }

    @Test
    void migUuidsResolveToTheirInstance() {
        try (Nvml nvml = open(); NvmlDevice gpu = nvml.device(0)) {
            String mig = gpu.mig().migDevices().get(1).uuid();
            CudaVisibleDevices v = nvml.cudaVisibleDevices(mig, null);
            CudaDevice d = v.devices().get(0);
            assertTrue(d.isMig());
            assertEquals(0, d.gpuIndex());
            assertEquals(mig, d.migUuid().orElseThrow());
            assertEquals(gpu.mig().migDevices().get(1).gpuInstanceId(), d.gpuInstanceId().getAsInt());
        }
    }

    @Test
    void theFirstInvalidEntryHidesItAndEveryLaterOne() {
        try (Nvml nvml = open()) {
            CudaVisibleDevices v = nvml.cudaVisibleDevices("0,7,1", "PCI_BUS_ID");
            assertEquals(List.of(0), v.devices().stream().map(CudaDevice::gpuIndex).toList());
            assertEquals(2, v.ignored().size());
            assertTrue(v.ignored().get(0).startsWith("7: no GPU with index 7"), v.ignored().get(0));
            assertTrue(v.ignored().get(1).startsWith("1: follows an invalid entry"), v.ignored().get(1));
        }
    }

    @Test
    void ambiguousPrefixesUnsetAndEmpty() {
        try (Nvml nvml = open()) {
            CudaVisibleDevices ambiguous = nvml.cudaVisibleDevices("GPU-", "PCI_BUS_ID");
            assertTrue(ambiguous.devices().isEmpty());
            assertTrue(ambiguous.ignored().get(0).contains("prefix of 2 UUIDs"), ambiguous.ignored().get(0));
            assertEquals(2, nvml.cudaVisibleDevices(null, null).devices().size(), "unset: every GPU");
            assertTrue(nvml.cudaVisibleDevices("", null).devices().isEmpty(), "empty: none");
            assertTrue(nvml.cudaVisibleDevices("MIG-GPU-aaaa/1/0", null).ignored().get(0).contains("not supported"));
        }
    }

    @Test
    void indicesWithoutPciBusOrderAreFlagged() {
        try (Nvml nvml = open()) {
            List<String> notes = nvml.cudaVisibleDevices("0", null).notes();
            assertTrue(notes.stream().collect(Collectors.joining()).contains("CUDA_DEVICE_ORDER=PCI_BUS_ID"), notes.toString());
        }
    }

    @Test
    void theSensorMetersOnlyTheVisibleInstances() {
        try (Nvml nvml = open(); NvmlDevice gpu = nvml.device(0)) {
            var mig = gpu.mig().migDevices().get(0);
            try (NvmlSensor s = NvmlSensors.builder().options(SimulatedNvml.options(journal))
                    .cudaVisibleDevices(mig.uuid()).build()) {
                assertEquals(List.of("gpu:0", "gpu:0/mig:" + mig.gpuInstanceId()),
                        s.domains().stream().map(dev.greenslice.carbon.sensor.SensorDomain::id).toList());
            }
        }
    }
}
