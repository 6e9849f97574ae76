package dev.greenslice.nvml;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device queries against the simulated library: identity, memory, power, energy, clocks, limits, processes. */
class NvmlDeviceTest {

    @TempDir
    Path journal;

    private Nvml open(String scenario) {
        SimulatedNvml.reset(scenario);
        return Nvml.open(SimulatedNvml.options(journal));
    }

    @Test
    void devicesAreFoundByIndexUuidAndPciBusId() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "uuid GPU-11111111-2222-3333-4444-555555555555",
                "pci 00000000:3B:00.0") + SimulatedNvml.device("H100-SXM5-80GB"));
             NvmlDevice a = nvml.device(0);
             NvmlDevice h = nvml.device(1);
             NvmlDevice byUuid = nvml.deviceByUuid("GPU-11111111-2222-3333-4444-555555555555");
             NvmlDevice byLongBus = nvml.deviceByPciBusId("00000000:3B:00.0");
             NvmlDevice byShortBus = nvml.deviceByPciBusId("3b:00.0")) {
            assertEquals("NVIDIA A100-SXM4-80GB", a.name());
            assertEquals("gpu:0", a.id());
            assertEquals("NVIDIA H100 80GB HBM3", h.name());
            assertEquals(1, h.index());
            assertEquals("00000000:3B:00.0", a.pciBusId());
            assertEquals(0, byUuid.index());
            assertEquals(0, byLongBus.index());
            assertEquals(0, byShortBus.index());
            NvmlException notFound = assertThrows(NvmlException.class, () -> nvml.deviceByUuid("GPU-nope"));
            assertEquals(NvmlReturn.NOT_FOUND, notFound.code());
            NvmlException noSuch = assertThrows(NvmlException.class, () -> nvml.device(5));
            assertTrue(noSuch.getMessage().contains("NVML sees 2 GPU(s)"), noSuch.getMessage());
        }
    }

    @Test
    void memoryUtilizationAndProcesses() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-40GB", "utilization gpu=73 mem=12",
                "process pid=4242 mem_mb=1024", "process pid=4343 mem_mb=2048"));
             NvmlDevice gpu = nvml.device(0)) {
            DeviceMemory m = gpu.memory();
            assertEquals(40960L << 20, m.totalBytes());
            assertEquals(512L << 20, m.reservedBytes().orElseThrow(), "nvmlMemory_v2_t reports reserved memory");
            assertEquals(3072L << 20, m.usedBytes());
            assertEquals(m.totalBytes() - m.reservedBytes().getAsLong() - m.usedBytes(), m.freeBytes());
            assertEquals(new DeviceUtilization(73, 12), gpu.utilization());
            List<ComputeProcess> ps = gpu.computeProcesses();
            assertEquals(List.of(4242L, 4343L), ps.stream().map(ComputeProcess::pid).toList());
            assertEquals(1024L << 20, ps.get(0).usedMemoryBytes().orElseThrow());
            assertEquals(OptionalInt.empty(), ps.get(0).gpuInstanceId(), "no MIG: no instance id");
        }
    }

    @Test
    void powerAndEnergyFollowTheScenarioExactly() {
        // 100 W rising linearly to 300 W over 2 s, then flat; counter starts at 5 kJ
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB",
                "power 0:100000 2000:300000", "energy_start 5000000"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            assertEquals(100.0, gpu.power().watts(), 1e-9);
            assertEquals(5000.0, gpu.totalEnergy().orElseThrow().joules(), 1e-9);
            sim.simAdvanceMs(1000);
            assertEquals(200.0, gpu.power().watts(), 1e-9);
            assertEquals(5000.0 + 150.0, gpu.totalEnergy().orElseThrow().joules(), 1e-9, "trapezoid 100..200 W over 1 s");
            sim.simAdvanceMs(2000);
            assertEquals(300.0, gpu.power().watts(), 1e-9);
            assertEquals(5000.0 + 400.0 + 300.0, gpu.totalEnergy().orElseThrow().joules(), 1e-9);
            assertEquals(Power.ofWatts(300), gpu.power(PowerField.INSTANT));
            NvmlException avg = assertThrows(NvmlException.class, () -> gpu.power(PowerField.AVERAGE));
            assertEquals(NvmlReturn.NOT_SUPPORTED, avg.code(), "GA100 has no POWER_AVERAGE field");
            assertTrue(avg.function().contains("NVML_FI_DEV_POWER_AVERAGE"), avg.function());
        }
    }

    @Test
    void averagePowerFieldOnH100() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("H100-SXM5-80GB",
                "power 0:200000 1000:400000"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            sim.simAdvanceMs(2000);
            assertEquals(400.0, gpu.power(PowerField.INSTANT).watts(), 1e-9);
            assertEquals(400.0, gpu.power(PowerField.AVERAGE).watts(), 1e-9, "flat at 400 W over the last second");
        }
    }

    @Test
    void aGpuWithoutEnergyCounterHasNoTotalEnergy() {
        try (Nvml nvml = open(SimulatedNvml.device("V100-SXM2-16GB", "energy_counter no"));
             NvmlDevice gpu = nvml.device(0)) {
            assertTrue(gpu.totalEnergy().isEmpty());
            assertTrue(gpu.power().watts() > 0);
        }
    }

    @Test
    void clocksAndSupportedClocks() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "clocks sm=1275 mem=1593"));
             NvmlDevice gpu = nvml.device(0)) {
            assertEquals(new DeviceClocks(1275, 1275, 1593, 1410, 1593), gpu.clocks());
            assertEquals(List.of(1593), gpu.supportedMemoryClocksMhz());
            List<Integer> sm = gpu.supportedSmClocksMhz();
            assertEquals(81, sm.size(), "210..1410 MHz in 15 MHz steps");
            assertEquals(1410, sm.get(0));
            assertEquals(210, sm.get(sm.size() - 1));
            NvmlException e = assertThrows(NvmlException.class, () -> gpu.supportedGraphicsClocksMhz(1000));
            assertEquals(NvmlReturn.NOT_FOUND, e.code());
        }
    }

    @Test
    void powerLimits() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "power_limit 300000"));
             NvmlDevice gpu = nvml.device(0)) {
            PowerLimits l = gpu.powerLimits();
            assertEquals(Power.ofWatts(300), l.current());
            assertEquals(Power.ofWatts(300), l.enforced());
            assertEquals(Power.ofWatts(400), l.defaultLimit());
            assertEquals(Power.ofWatts(100), l.min());
            assertEquals(Power.ofWatts(400), l.max());
        }
    }

    @Test
    void aLostGpuFailsWithItsCodeFunctionDeviceAndDriverTextAndStaysLost() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB")
                + "error nvmlDeviceGetPowerUsage GPU_IS_LOST call=2\n");
             NvmlDevice gpu = nvml.device(0)) {
            gpu.power();
            NvmlException e = assertThrows(NvmlException.class, gpu::power);
            assertEquals(NvmlReturn.GPU_IS_LOST, e.code());
            assertEquals(GpuDeviceException.Reason.DEVICE_LOST, e.reason());
            assertEquals("gpu:0", e.device());
            assertEquals("nvmlDeviceGetPowerUsage", e.function());
            assertEquals("GPU is lost", e.errorString());
            assertTrue(e.getMessage().contains("Xid"), e.getMessage());
            NvmlException later = assertThrows(NvmlException.class, gpu::totalEnergy);
            assertEquals(NvmlReturn.GPU_IS_LOST, later.code(), "a lost GPU stays lost");
        }
    }

    @Test
    void injectedErrorsHitOnlyTheirCallAndCount() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB")
                + "error nvmlDeviceGetUtilizationRates NOT_SUPPORTED call=2 count=2\n");
             NvmlDevice gpu = nvml.device(0)) {
            gpu.utilization();
            assertEquals(NvmlReturn.NOT_SUPPORTED, assertThrows(NvmlException.class, gpu::utilization).code());
            assertEquals(NvmlReturn.NOT_SUPPORTED, assertThrows(NvmlException.class, gpu::utilization).code());
            gpu.utilization();
        }
    }

    @Test
    void energyIsAnEnergy() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "energy_start 0", "power 0:0"));
             NvmlDevice gpu = nvml.device(0)) {
            assertEquals(Energy.ZERO, gpu.totalEnergy().orElseThrow());
            assertEquals("A100-SXM4-80GB", gpu.model().orElseThrow().id(), "found in GpuCatalog by its NVML name");
        }
    }
}
