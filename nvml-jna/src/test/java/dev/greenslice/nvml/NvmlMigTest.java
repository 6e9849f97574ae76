package dev.greenslice.nvml;

import dev.greenslice.carbon.gpu.GpuDeviceException;
import dev.greenslice.carbon.gpu.mig.InvalidMigLayoutException;
import dev.greenslice.carbon.gpu.mig.MigGeometry;
import dev.greenslice.carbon.gpu.mig.MigLayout;
import dev.greenslice.carbon.gpu.mig.MigPlacement;
import dev.greenslice.nvml.mig.ComputeInstanceInfo;
import dev.greenslice.nvml.mig.GpuInstanceInfo;
import dev.greenslice.nvml.mig.GpuInstanceProfileInfo;
import dev.greenslice.nvml.mig.MigDeviceInfo;
import dev.greenslice.nvml.mig.MigMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MIG query and control against the simulated A100 and H100 placement tables. */
class NvmlMigTest {

    @TempDir
    Path dir;

    private Nvml open(String scenario) {
        SimulatedNvml.reset(scenario);
        return Nvml.open(SimulatedNvml.options(dir.resolve("journal")));
    }

    private static String layoutOf(NvmlDevice gpu) {
        return gpu.migLayout().toString();
    }

    @Test
    void profilesAreEnumeratedFromIndexZeroUntilInvalidArgumentAndTheirIdsAreNotTheirIndices() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir)); NvmlDevice gpu = nvml.device(0)) {
            List<GpuInstanceProfileInfo> ps = gpu.mig().profiles();
            assertEquals(List.of("1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb", "1g.10gb+me", "1g.20gb"),
                    ps.stream().map(GpuInstanceProfileInfo::name).toList());
            assertEquals(List.of(0, 1, 2, 3, 4, 7, 9), ps.stream().map(GpuInstanceProfileInfo::profileIndex).toList());
            assertEquals(List.of(19, 14, 9, 5, 0, 20, 15), ps.stream().map(GpuInstanceProfileInfo::profileId).toList());
            GpuInstanceProfileInfo threeG = ps.get(2);
            assertEquals(3, threeG.sliceCount());
            assertEquals(2, threeG.instanceCount());
            assertEquals(42, threeG.multiprocessorCount());
            assertEquals(40192, threeG.memoryMb());
            assertTrue(ps.get(5).mediaExtensions());
            assertEquals(0x12 + 1, sim.simCallCount("nvmlDeviceGetGpuInstanceProfileInfoV"),
                    "indices 0..0x11 answer SUCCESS or NOT_SUPPORTED, 0x12 answers INVALID_ARGUMENT and ends it");
        }
    }

    @Test
    void aDriverThatAnswersV3WithInvalidArgumentStillListsItsProfilesThroughV2() {
        // Drivers before NVML 12.3 do not know nvmlGpuInstanceProfileInfo_v3 and call it an invalid argument,
        // the same code that ends the profile list.
        SimulatedNvml.Hooks sim = SimulatedNvml.reset("profile_info_v3 unknown\n"
                + SimulatedNvml.device("A100-SXM4-80GB", "mig enabled"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir)); NvmlDevice gpu = nvml.device(0)) {
            List<GpuInstanceProfileInfo> ps = gpu.mig().profiles();
            assertEquals(List.of("1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb", "1g.10gb+me", "1g.20gb"),
                    ps.stream().map(GpuInstanceProfileInfo::name).toList());
            assertEquals(42, ps.get(2).multiprocessorCount());
            assertEquals(0x12 + 2, sim.simCallCount("nvmlDeviceGetGpuInstanceProfileInfoV"),
                    "one refused v3 call, then v2 for indices 0..0x12");
        }
    }

    @Test
    void profilesRefusedWhileMigIsDisabledAreNotRememberedOnceItIsEnabled() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "mig disabled"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir)); NvmlDevice gpu = nvml.device(0)) {
            assertEquals(List.of(), gpu.mig().profiles(), "NOT_SUPPORTED for every index while MIG is disabled");
            assertEquals(0, sim.simSetMigMode(0, 1));
            assertEquals(7, gpu.mig().profiles().size(), "asked again after the administrator enabled MIG");
            long calls = sim.simCallCount("nvmlDeviceGetGpuInstanceProfileInfoV");
            assertEquals(7, gpu.mig().profiles().size());
            assertEquals(calls, sim.simCallCount("nvmlDeviceGetGpuInstanceProfileInfoV"), "a real list is cached");
        }
    }

    @Test
    void geometryComesFromTheDevicesOwnPlacements() {
        try (Nvml nvml = open(SimulatedNvml.device("H100-SXM5-80GB", "mig enabled"));
             NvmlDevice gpu = nvml.device(0)) {
            assertEquals(List.of(new MigPlacement(0, 4), new MigPlacement(4, 4)), gpu.mig().possiblePlacements(9));
            assertEquals(List.of(0, 2, 4, 6), gpu.mig().possiblePlacements(15).stream().map(MigPlacement::start).toList());
            MigGeometry g = gpu.mig().geometry();
            assertEquals(7, g.computeSlices());
            assertEquals(8, g.memorySlots());
            assertEquals(132, g.profile("7g.80gb").orElseThrow().smCount());
            assertEquals(40.0, g.profile("3g.40gb").orElseThrow().memoryGb());
            assertEquals("1g.10gb", g.baseProfile(1).orElseThrow().name());
        }
    }

    @Test
    void existingInstancesAndMigDevicesAreListed() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-40GB", "mig enabled", "gi 3g.20gb@4",
                "gi 2g.10gb@0", "gi 1g.5gb@2 ci=0"));
             NvmlDevice gpu = nvml.device(0)) {
            assertEquals(new MigMode(true, true), gpu.migMode());
            assertEquals("2g.10gb@0,1g.5gb@2,3g.20gb@4", layoutOf(gpu));
            List<GpuInstanceInfo> gis = gpu.mig().gpuInstances();
            assertEquals(3, gis.size());
            GpuInstanceInfo threeG = gis.get(2);
            assertEquals(new MigPlacement(4, 4), threeG.placement());
            List<ComputeInstanceInfo> cis = gpu.mig().computeInstances(threeG.id());
            assertEquals(1, cis.size());
            assertEquals(3, cis.get(0).slices(), "one compute instance spanning the GPU instance");
            List<MigDeviceInfo> migs = gpu.mig().migDevices();
            assertEquals(3, migs.size());
            assertTrue(migs.stream().allMatch(m -> m.uuid().startsWith("MIG-")));
            MigDeviceInfo m3 = migs.stream().filter(m -> m.gpuInstanceId() == threeG.id()).findFirst().orElseThrow();
            assertEquals("3g.20gb", m3.profileName());
            assertEquals(3, m3.gpuInstanceSlices());
            assertEquals(19968, m3.memoryMb());
        }
    }

    @Test
    void creatingWithAnExplicitPlacementAndOverlapsFailAsTheDriverDoes() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled", "gi 3g.40gb@4"));
             NvmlDevice gpu = nvml.device(0)) {
            GpuInstanceInfo two = gpu.mig().createGpuInstance(14, new MigPlacement(2, 2));
            assertEquals("2g.20gb", two.profileName());
            NvmlException overlap = assertThrows(NvmlException.class,
                    () -> gpu.mig().createGpuInstance(14, new MigPlacement(4, 2)));
            assertEquals(NvmlReturn.INSUFFICIENT_RESOURCES, overlap.code());
            assertEquals(GpuDeviceException.Reason.INSUFFICIENT_RESOURCES, overlap.reason());
            assertTrue(overlap.getMessage().contains("overlaps GPU instance"), overlap.getMessage());
            assertTrue(overlap.getMessage().contains("3g.40gb at {4}:4"), overlap.getMessage());
            NvmlException offTable = assertThrows(NvmlException.class,
                    () -> gpu.mig().createGpuInstance(9, new MigPlacement(2, 4)));
            assertEquals(NvmlReturn.INVALID_ARGUMENT, offTable.code());
            assertTrue(offTable.getMessage().contains("[{0}:4, {4}:4]"), offTable.getMessage());
            ComputeInstanceInfo ci = gpu.mig().createComputeInstance(two.id(), 1);
            assertEquals(1, ci.slices());
            gpu.mig().destroyComputeInstance(two.id(), ci.id());
            gpu.mig().destroyGpuInstance(two.id());
            assertEquals("3g.40gb@4", layoutOf(gpu));
        }
    }

    @Test
    void applyingALayoutCreatesLargestFirstWithAComputeInstanceEachAndRestoresOnClose() throws Exception {
        Path trace = dir.resolve("trace.log");
        SimulatedNvml.reset("trace " + trace + "\n"
                + SimulatedNvml.device("A100-SXM4-80GB", "mig enabled", "gi 1g.10gb@0", "gi 1g.10gb@1"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir.resolve("journal")));
             NvmlDevice watcher = nvml.device(0)) {
            try (NvmlDevice gpu = nvml.device(0)) {
                MigLayout target = MigLayout.parse(gpu.mig().geometry(), "2g@4,1g@6,4g@0");
                gpu.applyMigLayout(target, false);
                assertEquals("4g.40gb@0,2g.20gb@4,1g.10gb@6", layoutOf(watcher));
                for (GpuInstanceInfo gi : watcher.mig().gpuInstances()) {
                    List<ComputeInstanceInfo> cis = watcher.mig().computeInstances(gi.id());
                    assertEquals(1, cis.size());
                    assertEquals(gi.computeSlices(), cis.get(0).slices());
                }
                List<String> creates = Files.readAllLines(trace).stream()
                        .filter(l -> l.startsWith("nvmlDeviceCreateGpuInstanceWithPlacement")).toList();
                assertEquals(List.of("profileId=5 start=0", "profileId=14 start=4", "profileId=19 start=6"),
                        creates.stream().map(l -> l.replaceAll(".*(profileId=\\d+ start=\\d+).*", "$1")).toList());
                assertEquals(1, gpu.pendingRestore().size());
            }
            assertEquals("1g.10gb@0,1g.10gb@1", layoutOf(watcher), "close() restored the previous instances");
        }
    }

    @Test
    void applyingTheCurrentLayoutChangesNothing() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled",
                "gi 3g.40gb@0", "gi 3g.40gb@4"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir)); NvmlDevice gpu = nvml.device(0)) {
            gpu.applyMigLayout(MigLayout.parse(gpu.mig().geometry(), "3g@4,3g@0"), false);
            assertEquals(0, sim.simCallCount("nvmlGpuInstanceDestroy"));
            assertEquals(0, sim.simCallCount("nvmlDeviceCreateGpuInstanceWithPlacement"));
            assertTrue(gpu.pendingRestore().isEmpty());
        }
    }

    @Test
    void aLayoutOffTheDevicesPlacementsIsRefusedBeforeAnyChange() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled",
                "gi 7g.80gb@0"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir)); NvmlDevice gpu = nvml.device(0)) {
            MigGeometry g = gpu.mig().geometry();
            MigLayout bad = new MigLayout(g, List.of(
                    dev.greenslice.carbon.gpu.mig.MigInstance.of(g.resolve("3g"), 2),
                    dev.greenslice.carbon.gpu.mig.MigInstance.of(g.resolve("4g"), 0)));
            InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class,
                    () -> gpu.applyMigLayout(bad, false));
            assertTrue(e.getMessage().contains("cannot start at memory slot 2"), e.getMessage());
            assertTrue(e.problems().stream().anyMatch(x -> x.contains("overlap")), e.problems().toString());
            assertEquals(0, sim.simCallCount("nvmlGpuInstanceDestroy"), "nothing was destroyed");
            assertEquals("7g.80gb@0", layoutOf(gpu));
        }
    }

    @Test
    void aLayoutWithMoreInstancesOfAProfileThanTheDeviceAllowsIsRefused() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled"));
             NvmlDevice gpu = nvml.device(0)) {
            MigGeometry g = gpu.mig().geometry();
            MigLayout twoMe = new MigLayout(g, List.of(
                    dev.greenslice.carbon.gpu.mig.MigInstance.of(g.resolve("1g.10gb+me"), 0),
                    dev.greenslice.carbon.gpu.mig.MigInstance.of(g.resolve("1g.10gb+me"), 1)));
            InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class,
                    () -> gpu.applyMigLayout(twoMe, false));
            assertTrue(e.getMessage().contains("2 instances of 1g.10gb+me, but NVIDIA A100-SXM4-80GB allows at most 1"),
                    e.getMessage());
            assertEquals("", layoutOf(gpu));
        }
    }

    @Test
    void runningProcessesRefuseTheChangeUnlessForcedAndInUseInstancesRollBack() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled", "gi 3g.40gb@0",
                "gi 3g.40gb@4", "process pid=777 mem_mb=100 gi=1 ci=0"));
             NvmlDevice gpu = nvml.device(0)) {
            MigLayout target = MigLayout.parse(gpu.mig().geometry(), "7g@0");
            GpuDeviceException refused = assertThrows(GpuDeviceException.class, () -> gpu.applyMigLayout(target, false));
            assertEquals(GpuDeviceException.Reason.IN_USE, refused.reason());
            assertTrue(refused.getMessage().contains("pids [777]"), refused.getMessage());
            assertTrue(refused.getMessage().contains("force"), refused.getMessage());
            NvmlException forced = assertThrows(NvmlException.class, () -> gpu.applyMigLayout(target, true));
            assertEquals(NvmlReturn.IN_USE, forced.code(), "the driver will not destroy an instance in use");
            assertTrue(forced.getMessage().contains("rolled back"), forced.getMessage());
            assertEquals("3g.40gb@0,3g.40gb@4", layoutOf(gpu), "the instance destroyed first was recreated");
            assertTrue(gpu.pendingRestore().isEmpty(), "back where it started: nothing to restore");
        }
    }

    @Test
    void aFailureHalfwayRollsEverythingBack() {
        try (Nvml nvml = open(SimulatedNvml.device("A100-SXM4-80GB", "mig enabled", "gi 4g.40gb@0",
                "gi 3g.40gb@4") + "error nvmlDeviceCreateGpuInstanceWithPlacement UNKNOWN call=2\n");
             NvmlDevice gpu = nvml.device(0)) {
            NvmlException e = assertThrows(NvmlException.class,
                    () -> gpu.applyMigLayout(MigLayout.parse(gpu.mig().geometry(), "3g@0,2g@4,1g@6"), false));
            assertEquals(NvmlReturn.UNKNOWN, e.code());
            assertTrue(e.getMessage().contains("step 4 of 5"), e.getMessage());
            assertEquals("4g.40gb@0,3g.40gb@4", layoutOf(gpu));
        }
    }

    @Test
    void migDisabledAndNoRootAreSaidPlainly() {
        try (Nvml nvml = open("permission user\n" + SimulatedNvml.device("A100-SXM4-80GB")
                + SimulatedNvml.device("A100-SXM4-80GB", "mig enabled", "gi 7g.80gb@0"));
             NvmlDevice off = nvml.device(0);
             NvmlDevice on = nvml.device(1)) {
            assertFalse(off.isMigEnabled());
            GpuDeviceException disabled = assertThrows(GpuDeviceException.class,
                    () -> off.mig().createGpuInstance(0, new MigPlacement(0, 8)));
            assertEquals(GpuDeviceException.Reason.NOT_SUPPORTED, disabled.reason());
            assertTrue(disabled.getMessage().contains("nvidia-smi -i 0 -mig 1"), disabled.getMessage());
            NvmlException noRoot = assertThrows(NvmlException.class, on::migLayout);
            assertEquals(NvmlReturn.NO_PERMISSION, noRoot.code());
            assertTrue(noRoot.getMessage().contains("root"), noRoot.getMessage());
            assertEquals(1, on.mig().migDevices().size(), "MIG devices are visible without root");
            assertEquals(List.of(), on.computeProcesses(), "gathered per MIG device when the aggregate is refused");
        }
    }

    @Test
    void aGpuWithoutMigHasAnEmptyLayout() {
        try (Nvml nvml = open(SimulatedNvml.device("V100-SXM2-16GB")); NvmlDevice gpu = nvml.device(0)) {
            assertFalse(gpu.isMigEnabled());
            assertTrue(gpu.migLayout().instances().isEmpty());
            NvmlException e = assertThrows(NvmlException.class, () -> gpu.mig().profiles());
            assertEquals(NvmlReturn.NOT_SUPPORTED, e.code());
        }
    }

    @Test
    void anOldDriverFailsOnlyTheFeaturesItLacks() {
        SimulatedNvml.resetLegacy(SimulatedNvml.device("A100-SXM4-40GB", "power 0:180000", "process pid=9 mem_mb=10"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir).withLibrary(SimulatedNvml.legacyLibrary().toString()));
             NvmlDevice gpu = nvml.device(0)) {
            assertEquals(180.0, gpu.power().watts(), 1e-9);
            assertTrue(gpu.totalEnergy().isPresent());
            assertTrue(gpu.memory().reservedBytes().isEmpty(), "falls back to nvmlMemory_t");
            assertEquals(9L, gpu.computeProcesses().get(0).pid(), "falls back to _v2");
            assertFalse(gpu.isMigEnabled());
            NvmlException lock = assertThrows(NvmlException.class, () -> gpu.lockSmClock(1005, 1005));
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, lock.code());
            assertEquals(GpuDeviceException.Reason.NOT_SUPPORTED, lock.reason());
            assertTrue(lock.getMessage().contains("does not export nvmlDeviceSetGpuLockedClocks"), lock.getMessage());
            assertTrue(gpu.pendingRestore().isEmpty());
            NvmlException field = assertThrows(NvmlException.class, () -> gpu.power(PowerField.INSTANT));
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, field.code());
            NvmlException mig = assertThrows(NvmlException.class, () -> gpu.mig().profiles());
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, mig.code());
            assertEquals(180.0, gpu.power().watts(), 1e-9, "the rest keeps working");
        }
    }
}
