package dev.greenslice.nvml;

import dev.greenslice.carbon.Power;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clock and power-limit control: journaled before the change, restored on close, refused clearly. */
class NvmlControlTest {

    @TempDir
    Path journal;

    private static long journals(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".properties")).count();
        }
    }

    @Test
    void lockedClocksAreJournaledAndResetOnClose() throws IOException {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice watcher = nvml.device(0)) {
            try (NvmlDevice gpu = nvml.device(0)) {
                gpu.lockSmClock(1005, 1005);
                assertEquals(1005, watcher.smClockMhz());
                assertEquals(1, journals(journal), "the change is journaled before it is made");
                assertEquals(List.of("SM clock locked to 1005-1005 MHz (restore: reset the locked clocks)"),
                        gpu.pendingRestore());
            }
            assertEquals(1410, watcher.smClockMhz(), "close() reset the locked clocks");
            assertEquals(0, journals(journal), "the journal is deleted once everything is restored");
        }
    }

    @Test
    void resetSmClockUndoesTheLock() throws IOException {
        SimulatedNvml.reset(SimulatedNvml.device("H100-SXM5-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            gpu.lockSmClock(900, 1200);
            assertEquals(1200, gpu.smClockMhz());
            gpu.resetSmClock();
            assertEquals(1980, gpu.smClockMhz());
            assertTrue(gpu.pendingRestore().isEmpty());
            assertEquals(0, journals(journal));
        }
    }

    @Test
    void anUnsupportedClockRangeIsRefusedNamingTheSupportedOnes() throws IOException {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            NvmlException e = assertThrows(NvmlException.class, () -> gpu.lockSmClock(100, 2000));
            assertEquals(NvmlReturn.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("210-1410 MHz"), e.getMessage());
            GpuDeviceException empty = assertThrows(GpuDeviceException.class, () -> gpu.lockSmClock(1200, 900));
            assertEquals(GpuDeviceException.Reason.INVALID_ARGUMENT, empty.reason());
            assertTrue(gpu.pendingRestore().isEmpty(), "a refused change leaves nothing to restore");
            assertEquals(0, journals(journal));
        }
    }

    @Test
    void withoutRootControlFailsWithNoPermissionNamingTheFix() throws IOException {
        SimulatedNvml.reset("permission user\n" + SimulatedNvml.device("A100-SXM4-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice gpu = nvml.device(0)) {
            NvmlException e = assertThrows(NvmlException.class, () -> gpu.lockSmClock(1005, 1005));
            assertEquals(NvmlReturn.NO_PERMISSION, e.code());
            assertEquals(GpuDeviceException.Reason.NO_PERMISSION, e.reason());
            assertEquals("nvmlDeviceSetGpuLockedClocks", e.function());
            assertTrue(e.getMessage().contains("run the process as root"), e.getMessage());
            NvmlException p = assertThrows(NvmlException.class, () -> gpu.setPowerLimit(Power.ofWatts(250)));
            assertEquals(NvmlReturn.NO_PERMISSION, p.code());
            assertEquals(0, journals(journal), "failed changes are taken out of the journal");
        }
    }

    @Test
    void powerLimitIsRestoredOnCloseAndCheckedAgainstItsConstraints() {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power_limit 350000"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal)); NvmlDevice watcher = nvml.device(0)) {
            try (NvmlDevice gpu = nvml.device(0)) {
                long setsBefore = sim.simCallCount("nvmlDeviceSetPowerManagementLimit");
                GpuDeviceException e = assertThrows(GpuDeviceException.class,
                        () -> gpu.setPowerLimit(Power.ofWatts(50)));
                assertEquals(GpuDeviceException.Reason.INVALID_ARGUMENT, e.reason());
                assertTrue(e.getMessage().contains("100 W to 400 W"), e.getMessage());
                assertEquals(setsBefore, sim.simCallCount("nvmlDeviceSetPowerManagementLimit"),
                        "an out-of-range limit is refused before any NVML call");
                gpu.setPowerLimit(Power.ofWatts(250));
                gpu.setPowerLimit(Power.ofWatts(200));
                assertEquals(Power.ofWatts(200), watcher.powerLimits().current());
            }
            assertEquals(Power.ofWatts(350), watcher.powerLimits().current(),
                    "close() put back the limit from before the first change");
        }
    }

    @Test
    void aRestoreDoesNotOverwriteAValueSomeoneElseChangedSince() throws IOException {
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB", "power_limit 400000"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(journal));
             NvmlDevice mine = nvml.device(0);
             NvmlDevice theirs = nvml.device(0)) {
            mine.setPowerLimit(Power.ofWatts(300));
            theirs.setPowerLimit(Power.ofWatts(250));
            GpuDeviceException e = assertThrows(GpuDeviceException.class, mine::restore);
            assertTrue(e.getMessage().contains("someone changed it since"), e.getMessage());
            assertEquals(Power.ofWatts(250), theirs.powerLimits().current(), "the other handle's limit stands");
            assertTrue(mine.pendingRestore().isEmpty(), "the conflict was reported, not kept for later");
            theirs.restore();
            assertEquals(Power.ofWatts(300), mine.powerLimits().current(),
                    "the other handle restores what it replaced");
        }
    }

    @Test
    void anUnwritableJournalRefusesTheChange() throws IOException {
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        Path file = Files.createFile(journal.resolve("not-a-directory"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(file)); NvmlDevice gpu = nvml.device(0)) {
            long locks = sim.simCallCount("nvmlDeviceSetGpuLockedClocks");
            GpuDeviceException e = assertThrows(GpuDeviceException.class, () -> gpu.lockSmClock(1005, 1005));
            assertTrue(e.getMessage().contains("cannot write the restore journal in " + file), e.getMessage());
            assertTrue(e.getMessage().contains(NvmlOptions.JOURNAL_PROPERTY), e.getMessage());
            assertEquals(locks, sim.simCallCount("nvmlDeviceSetGpuLockedClocks"), "nothing was changed");
        }
    }
}
